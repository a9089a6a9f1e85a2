package org.mambaj.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.mambaj.core.Tensor;
import org.mambaj.io.pth.CheckpointWrappers;
import org.mambaj.io.pth.TorchCheckpoint;

/**
 * Reads the weights of a published checkpoint, whatever it was saved as: a {@code .safetensors} file or a
 * {@code torch.save}d {@code .pth}/{@code .pt}/{@code .ckpt} (read without Python, no code run), with the usual
 * wrappers ({@code params_ema}, {@code state_dict}, {@code network_weights}, ...) and {@code module.} prefix removed.
 */
public final class Checkpoints {

	private Checkpoints() {}

	public static StateDict load(Path file) throws IOException {
		return new StateDict(tensors(file), file.toString());
	}

	public static Map<String, Tensor> tensors(Path file) throws IOException {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".safetensors")) return CheckpointWrappers.stripPrefixes(SafeTensors.read(file));
		return CheckpointWrappers.stateDict(TorchCheckpoint.read(file), file.toString());
	}
}

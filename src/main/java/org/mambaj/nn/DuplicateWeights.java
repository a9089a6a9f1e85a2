package org.mambaj.nn;

import java.util.Arrays;

import org.mambaj.core.Tensor;
import org.mambaj.io.ModelLoadException;
import org.mambaj.io.StateDict;

/**
 * Some published modules register one layer under two names, so their state dicts hold the same tensor twice
 * (nnU-Net's {@code ConvDropoutNormReLU.all_modules}, a decoder that keeps its encoder). The copy is taken only
 * after checking it equals the original: a checkpoint whose copies disagree is not what the architecture says.
 * A missing copy is fine (tools such as safetensors' {@code save_model} drop shared tensors).
 */
public final class DuplicateWeights {

	private DuplicateWeights() {}

	/** Takes {@code copyKey} from {@code sd}, if present, and checks it equals {@code original} ({@code originalKey}). */
	public static void takeCopy(StateDict sd, String copyKey, Tensor original, String originalKey) {
		if (!sd.has(copyKey)) return;
		Tensor copy = sd.takeCopy(copyKey, original.shape());
		if (!Arrays.equals(copy.data(), original.data())) throw new ModelLoadException(sd.source() + ": \"" +
			sd.prefix() + copyKey + "\" should repeat \"" + originalKey + "\" (the published module registers the " +
			"layer twice) but holds different values");
	}
}

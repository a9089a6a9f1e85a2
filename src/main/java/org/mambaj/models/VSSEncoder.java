package org.mambaj.models;

import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;
import org.mambaj.nn.PatchEmbed2D;
import org.mambaj.nn.PatchMerging2D;
import org.mambaj.nn.VSSBlock;

/**
 * The VMamba (VSSM) encoder that VM-UNet and Mamba-UNet both publish: a 4x4 patch embedding to {@code dims[0]}
 * channels ({@code patch_embed.}), then per stage i the VSS blocks of {@code layers.i.} and, after every stage but
 * the last, the patch merging of {@code layers.i.downsample.} (half the size, twice the channels). The decoders
 * differ (VM-UNet adds its skips, Mamba-UNet concatenates them), so they stay in the models.
 */
final class VSSEncoder {

	private static final int PATCH = 4;

	private final PatchEmbed2D embed;
	private final VSSBlock[][] stages;
	private final PatchMerging2D[] merge;

	VSSEncoder(StateDict sd, int inChannels, int[] dims, int[] depths, int dState, Engine engine) {
		embed = new PatchEmbed2D(sd.prefixed("patch_embed."), PATCH, inChannels, dims[0], engine);
		stages = new VSSBlock[dims.length][];
		merge = new PatchMerging2D[dims.length - 1];
		for (int i = 0; i < dims.length; i++) {
			StateDict layer = sd.prefixed("layers." + i + ".");
			stages[i] = VSSBlock.stack(layer, depths[i], dims[i], dState, engine);
			if (i < dims.length - 1) merge[i] = new PatchMerging2D(layer.prefixed("downsample."), dims[i], engine);
		}
	}

	/**
	 * Encodes an image (NHWC, as many channels as the embedding takes): stores each stage's input in
	 * {@code skips[i]} for the decoder and returns the last stage's output.
	 */
	Tensor apply(Tensor image, Tensor[] skips) {
		Tensor x = embed.apply(image);
		for (int i = 0; i < stages.length; i++) {
			skips[i] = x;
			for (VSSBlock b : stages[i]) x = b.apply(x);
			if (i < stages.length - 1) x = merge[i].apply(x);
		}
		return x;
	}

	int stages() {
		return stages.length;
	}

	/** Image sides must be multiples of this: the patch size, halved again by every merging. */
	int sizeMultiple() {
		return PATCH << (stages.length - 1);
	}
}

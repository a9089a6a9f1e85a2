package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * Swin-UMamba's VMamba encoder ({@code VSSMEncoder}): a patch embedding, stages of VSS blocks
 * ({@code layers.i.blocks.j}) and the patch mergings between them kept in their own list ({@code downsamples.i}).
 * Channels double per stage. NHWC; {@link #apply} gives every stage's output (before its merging).
 */
public final class VSSMEncoder {

	private final PatchEmbed2D embed;
	private final VSSBlock[][] stages;
	private final PatchMerging2D[] merge;

	public VSSMEncoder(StateDict sd, int patch, int in, int[] dims, int[] depths, int dState, Engine engine) {
		embed = new PatchEmbed2D(sd.prefixed("patch_embed."), patch, in, dims[0], engine);
		stages = new VSSBlock[dims.length][];
		merge = new PatchMerging2D[dims.length - 1];
		for (int i = 0; i < dims.length; i++) {
			stages[i] = VSSBlock.stack(sd.prefixed("layers." + i + "."), depths[i], dims[i], dState, engine);
			if (i < dims.length - 1) merge[i] = new PatchMerging2D(sd.prefixed("downsamples." + i + "."), dims[i], engine);
		}
	}

	public Tensor[] apply(Tensor x) {
		Tensor[] out = new Tensor[stages.length];
		x = embed.apply(x);
		for (int i = 0; i < stages.length; i++) {
			for (VSSBlock b : stages[i]) x = b.apply(x);
			out[i] = x;
			if (i < merge.length) x = merge[i].apply(x);
		}
		return out;
	}
}

package org.mambaj.models;

import org.mambaj.core.Engine;
import org.mambaj.core.Pooling;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;
import org.mambaj.nn.Linear;
import org.mambaj.nn.PatchEmbed2D;
import org.mambaj.nn.PatchMerging2D;
import org.mambaj.nn.SSConvSSMBlock;

/**
 * MedMamba (Yue and Li, 2024): patch embedding, stages of SS-Conv-SSM blocks with patch merging between
 * them, global average pooling and a linear head; outputs class logits [B, classes]. Keys as in the
 * published {@code VSSM} of MedMamba.py. Presets: T depths [2, 2, 4, 2], S [2, 2, 8, 2], both with dims
 * [96, 192, 384, 768]; B [2, 2, 12, 2] with dims [128, 256, 512, 1024].
 */
public final class MedMamba implements Model {

	private final int inChannels, minSize;
	private final PatchEmbed2D embed;
	private final SSConvSSMBlock[][] stages;
	private final PatchMerging2D[] merge;
	private final Linear head;

	public MedMamba(Config config, StateDict sd, Engine engine) {
		MedMambaConfig c = MedMambaConfig.from(config);
		inChannels = c.inChannels();
		int classes = c.numClasses();
		int[] depths = c.depths(), dims = c.dims();
		int dState = c.dState();
		int patch = c.patchSize();
		embed = new PatchEmbed2D(sd.prefixed("patch_embed."), patch, inChannels, dims[0], engine);
		stages = new SSConvSSMBlock[dims.length][];
		merge = new PatchMerging2D[dims.length - 1];
		for (int i = 0; i < dims.length; i++) {
			StateDict layer = sd.prefixed("layers." + i + ".");
			stages[i] = new SSConvSSMBlock[depths[i]];
			for (int j = 0; j < depths[i]; j++)
				stages[i][j] = new SSConvSSMBlock(layer.prefixed("blocks." + j + "."), dims[i], dState, engine);
			if (i < dims.length - 1) merge[i] = new PatchMerging2D(layer.prefixed("downsample."), dims[i], engine);
		}
		head = new Linear(sd.prefixed("head."), dims[dims.length - 1], classes, true, engine);
		minSize = patch << (dims.length - 1);
	}

	@Override
	public Tensor forward(Tensor input) {
		Inputs.checkImage("MedMamba", input, inChannels, 1, false);
		if (input.dim(1) < minSize || input.dim(2) < minSize) throw new IllegalArgumentException(
			"MedMamba needs images of at least " + minSize + "x" + minSize + " pixels, got " + input.dim(1) + "x" + input.dim(2));
		Tensor x = embed.apply(input);
		for (int i = 0; i < stages.length; i++) {
			for (SSConvSSMBlock b : stages[i]) x = b.apply(x);
			if (i < merge.length) x = merge[i].apply(x);
		}
		return head.apply(Pooling.globalAvgPool(x));
	}

	@Override
	public int inputChannels() {
		return inChannels;
	}

	@Override
	public int sizeMultiple() {
		return 1;
	}
}

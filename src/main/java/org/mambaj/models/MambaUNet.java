package org.mambaj.models;

import static org.mambaj.models.ConfigLimits.MAX_CHANNELS;
import static org.mambaj.models.ConfigLimits.MAX_CLASSES;
import static org.mambaj.models.ConfigLimits.MAX_DEPTH;
import static org.mambaj.models.ConfigLimits.MAX_DIM;
import static org.mambaj.models.ConfigLimits.MAX_D_STATE;

import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;
import org.mambaj.nn.Conv2d;
import org.mambaj.nn.LayerNorm;
import org.mambaj.nn.Linear;
import org.mambaj.nn.PatchExpand2D;
import org.mambaj.nn.VSSBlock;

/**
 * Mamba-UNet (Wang et al., 2024; ziyangwang007/Mamba-UNet {@code networks/vision_mamba.py} around
 * {@code mamba_sys.VSSM}): the Swin-UNet layout with VMamba blocks. Encoder: 4x4 patch embedding, four stages of VSS
 * blocks with {@code dims[0] * 2^i} channels, patch merging after the first three, each stage's input kept as a skip,
 * LayerNorm {@code norm}. Decoder: {@code layers_up.0} is a bare 2x patch expand; {@code layers_up.i} (i > 0)
 * concatenates the skip of its size, {@code concat_back_dim.i} (Linear 2C -> C), VSS blocks, then a 2x patch
 * expand except in the last; {@code norm_up}, a 4x patch expand {@code up} keeping the channels, a 1x1 conv
 * {@code output} without bias: logits. A 1-channel image is repeated to 3 channels. Keys prefixed {@code mamba_unet.}.
 * <p>
 * Config: {@code in_chans} (3 as published), {@code num_classes}, {@code depths} (four stages), {@code d_state}, and
 * {@code dims}, which the published wrapper never sets (always [96, 192, 384, 768]) but small models need.
 */
public final class MambaUNet implements Model {

	private static final int STAGES = 4;

	private final int inChannels;
	private final VSSEncoder encoder;
	private final VSSBlock[][] decoder = new VSSBlock[STAGES][];
	private final PatchExpand2D[] expand = new PatchExpand2D[STAGES];
	private final Linear[] concatBack = new Linear[STAGES];
	private final LayerNorm norm, normUp;
	private final PatchExpand2D finalExpand;
	private final Conv2d output;

	public MambaUNet(Config config, StateDict root, Engine engine) {
		inChannels = config.getIntIn("in_chans", 1, MAX_CHANNELS);
		int classes = config.getIntIn("num_classes", 1, MAX_CLASSES);
		int[] depths = config.getIntsWithin("depths", 0, MAX_DEPTH);
		int[] dims = config.getIntsWithin("dims", 1, MAX_DIM);
		int dState = config.getIntIn("d_state", 1, MAX_D_STATE);
		if (depths.length != STAGES) throw new ConfigException("mamba_unet config: 'depths' needs " + STAGES +
			" entries (the published decoder is fixed at four stages), got " + depths.length);
		int c = dims[0];
		if (dims.length != STAGES || dims[1] != 2 * c || dims[2] != 4 * c || dims[3] != 8 * c || c % 2 != 0)
			throw new ConfigException("mamba_unet config: 'dims' must be four channel counts doubling at every " +
				"stage from an even first one (the network uses dims[0] * 2^i), e.g. [96, 192, 384, 768]");
		StateDict sd = root.prefixed("mamba_unet.");
		encoder = new VSSEncoder(sd, inChannels, dims, depths, dState, engine);
		norm = new LayerNorm(sd.prefixed("norm."), c << (STAGES - 1));
		for (int i = 0; i < STAGES; i++) {
			int dim = c << (STAGES - 1 - i);
			StateDict layer = sd.prefixed("layers_up." + i + ".");
			if (i == 0) {
				expand[i] = new PatchExpand2D(layer, dim, dim / 2, 2, engine);
				decoder[i] = new VSSBlock[0];
				continue;
			}
			concatBack[i] = new Linear(sd.prefixed("concat_back_dim." + i + "."), 2 * dim, dim, true, engine);
			decoder[i] = VSSBlock.stack(layer, depths[STAGES - 1 - i], dim, dState, engine);
			if (i < STAGES - 1) expand[i] = new PatchExpand2D(layer.prefixed("upsample."), dim, dim / 2, 2, engine);
		}
		normUp = new LayerNorm(sd.prefixed("norm_up."), c);
		finalExpand = new PatchExpand2D(sd.prefixed("up."), c, c, 4, engine);
		output = new Conv2d(sd.prefixed("output."), c, classes, 1, 1, 0, 1, false, engine);
	}

	@Override
	public Tensor forward(Tensor input) {
		Inputs.checkImage("Mamba-UNet", input, inChannels, sizeMultiple(), true);
		Tensor x = input;
		if (x.dim(3) == 1 && inChannels == 3) x = Layout.repeatLast(x, 3);
		Tensor[] skips = new Tensor[STAGES];
		x = norm.apply(encoder.apply(x, skips));
		for (int i = 0; i < STAGES; i++) {
			if (i > 0) x = concatBack[i].apply(Layout.concatLast(x, skips[STAGES - 1 - i]));
			for (VSSBlock b : decoder[i]) x = b.apply(x);
			if (expand[i] != null) x = expand[i].apply(x);
		}
		return output.apply(finalExpand.apply(normUp.apply(x)));
	}

	@Override
	public int inputChannels() {
		return inChannels;
	}

	@Override
	public int sizeMultiple() {
		return encoder.sizeMultiple();
	}
}

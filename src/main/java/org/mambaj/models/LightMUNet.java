package org.mambaj.models;

import static org.mambaj.models.ConfigLimits.MAX_CHANNELS;
import static org.mambaj.models.ConfigLimits.MAX_CLASSES;
import static org.mambaj.models.ConfigLimits.MAX_DEPTH;
import static org.mambaj.models.ConfigLimits.MAX_DIM;
import static org.mambaj.models.ConfigLimits.MAX_STAGES;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Pooling;
import org.mambaj.core.Tensor;
import org.mambaj.core.Upsample;
import org.mambaj.io.StateDict;
import org.mambaj.nn.Conv2d;
import org.mambaj.nn.DepthwisePointwiseConv;
import org.mambaj.nn.GroupNorm2d;
import org.mambaj.nn.LightMambaLayer;
import org.mambaj.nn.ResMambaBlock;
import org.mambaj.nn.ResUpBlock;

/**
 * LightM-UNet 2D (Liao et al., 2024; MrBlankness/LightM-UNet {@code nnunetv2/nets/LightMUNet.py}), as
 * nnUNetTrainerLightMUNet builds it: a depthwise + pointwise stem ({@code convInit}); encoder stage i with
 * {@code init_filters * 2^i} channels, where stages after the first start with a Mamba layer from half the channels
 * and 2x2 max pooling ({@code down_layers.i.0.0}), then {@code blocks_down[i]} residual Mamba blocks; decoder step i:
 * a 1x1 conv without bias halving the channels, 2x bilinear upsampling (align_corners false), plus the encoder output
 * of that size, {@code blocks_up[i]} residual depthwise-conv blocks; head GroupNorm, ReLU, depthwise + pointwise 1x1
 * conv with biases. GroupNorm(8) throughout. The output is logits (nnU-Net applies a softmax).
 * <p>
 * Config: the published constructor arguments {@code spatial_dims} (2 only), {@code init_filters, in_channels,
 * out_channels, blocks_down, blocks_up}; the normalization, activation and upsampling are the published defaults.
 */
public final class LightMUNet implements Model {

	private static final int GROUPS = 8;

	private final int inChannels, multiple;
	private final DepthwisePointwiseConv stem, head;
	private final LightMambaLayer[] downsample;
	private final ResMambaBlock[][] down;
	private final Conv2d[] upConv;
	private final ResUpBlock[][] up;
	private final GroupNorm2d headNorm;

	public LightMUNet(Config config, StateDict sd, Engine engine) {
		int dims = config.getIntIn("spatial_dims", 2, 3);
		if (dims != 2) throw new ConfigException("lightm_unet config: 'spatial_dims' must be 2 (MambaJ runs the 2D " +
			"network only), got " + dims);
		int f = config.getIntIn("init_filters", 1, MAX_DIM);
		if (f % GROUPS != 0) throw new ConfigException("lightm_unet config: 'init_filters' must be a multiple of " +
			GROUPS + " (GroupNorm with " + GROUPS + " groups), got " + f);
		inChannels = config.getIntIn("in_channels", 1, MAX_CHANNELS);
		int classes = config.getIntIn("out_channels", 1, MAX_CLASSES);
		int[] blocksDown = config.getIntsWithin("blocks_down", 0, MAX_DEPTH);
		int[] blocksUp = config.getIntsWithin("blocks_up", 0, MAX_DEPTH);
		if (blocksDown.length > MAX_STAGES) throw new ConfigException("lightm_unet config: 'blocks_down' has " +
			blocksDown.length + " stages; at most " + MAX_STAGES + " are supported");
		if (blocksUp.length != blocksDown.length - 1) throw new ConfigException("lightm_unet config: 'blocks_up' " +
			"needs one entry fewer than 'blocks_down' (" + blocksDown.length + " entries), got " + blocksUp.length);
		int stages = blocksDown.length;
		multiple = 1 << (stages - 1);
		stem = new DepthwisePointwiseConv(sd.prefixed("convInit."), inChannels, f, 3, false, engine);
		downsample = new LightMambaLayer[stages];
		down = new ResMambaBlock[stages][];
		for (int i = 0; i < stages; i++) {
			int ch = f << i;
			StateDict layer = sd.prefixed("down_layers." + i + ".");
			if (i > 0) downsample[i] = new LightMambaLayer(layer.prefixed("0.0."), ch / 2, ch, engine);
			down[i] = new ResMambaBlock[blocksDown[i]];
			for (int j = 0; j < blocksDown[i]; j++)
				down[i][j] = new ResMambaBlock(layer.prefixed((j + 1) + "."), ch, GROUPS, engine);
		}
		upConv = new Conv2d[stages - 1];
		up = new ResUpBlock[stages - 1][];
		for (int i = 0; i < stages - 1; i++) {
			int ch = f << (stages - 1 - i);
			upConv[i] = new Conv2d(sd.prefixed("up_samples." + i + ".0.conv."), ch, ch / 2, 1, 1, 0, 1, false, engine);
			up[i] = new ResUpBlock[blocksUp[i]];
			for (int j = 0; j < blocksUp[i]; j++)
				up[i][j] = new ResUpBlock(sd.prefixed("up_layers." + i + "." + j + "."), ch / 2, GROUPS, engine);
		}
		headNorm = new GroupNorm2d(sd.prefixed("conv_final.0."), GROUPS, f);
		head = new DepthwisePointwiseConv(sd.prefixed("conv_final.2."), f, classes, 1, true, engine);
	}

	@Override
	public Tensor forward(Tensor input) {
		Inputs.checkImage("LightM-UNet", input, inChannels, multiple, false);
		Tensor x = stem.apply(input);
		Tensor[] skips = new Tensor[down.length];
		for (int i = 0; i < down.length; i++) {
			if (i > 0) x = Pooling.maxPool(downsample[i].apply(x), 2, 2);
			for (ResMambaBlock b : down[i]) x = b.apply(x);
			skips[i] = x;
		}
		for (int i = 0; i < up.length; i++) {
			Tensor y = upConv[i].apply(x);
			x = Layout.add(Upsample.bilinear(y, 2 * y.dim(1), 2 * y.dim(2), false), skips[down.length - 2 - i]);
			for (ResUpBlock b : up[i]) x = b.apply(x);
		}
		return head.apply(Activations.relu(headNorm.apply(x)));
	}

	@Override
	public int inputChannels() {
		return inChannels;
	}

	@Override
	public int sizeMultiple() {
		return multiple;
	}
}

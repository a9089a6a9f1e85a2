package org.mambaj.models;

import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;
import org.mambaj.nn.Conv2d;
import org.mambaj.nn.InstanceNorm2d;
import org.mambaj.nn.UnetResBlock;
import org.mambaj.nn.UnetrUpBlock;
import org.mambaj.nn.VSSMEncoder;

/**
 * Swin-UMamba 2D (Liu et al., 2024; JiarunLiu/Swin-UMamba {@code SwinUMamba.py}, trainer
 * {@code nnUNetTrainerSwinUMamba}): a 7x7 stride-2 stem with InstanceNorm, a VMamba encoder with 2x2 patches
 * ({@code vssm_encoder.*}), MONAI UNETR residual blocks on the input, the stem and the first three encoder stages
 * ({@code encoder1..5}), UNETR up blocks from the deepest stage ({@code decoder6..2}), a last residual block
 * ({@code decoder1}) and a 1x1 head ({@code out_layers.0}).
 * <p>
 * Config: {@code in_chans}, {@code out_chans}, {@code feat_size} (5 entries; the encoder's dims are
 * {@code feat_size[1:]}, doubling per stage; published [48, 96, 192, 384, 768]), {@code depths} (4 stages,
 * published [2, 2, 9, 2]) and {@code d_state} (16); {@code hidden_size}, when given, must equal
 * {@code feat_size[4]}. The deep-supervision heads ({@code out_layers.1..3}) are in every checkpoint and checked,
 * never used: the output is the logits of the full-resolution head. Height and width: multiples of 32.
 */
public final class SwinUMamba implements Model {

	private static final int STAGES = 4, MULTIPLE = 32;

	private final int inChannels;
	private final Conv2d stemConv;
	private final InstanceNorm2d stemNorm;
	private final VSSMEncoder vss;
	private final UnetResBlock[] encoders = new UnetResBlock[5];
	private final UnetrUpBlock[] ups = new UnetrUpBlock[5];
	private final UnetResBlock last;
	private final Conv2d head;

	public SwinUMamba(Config c, StateDict sd, Engine engine) {
		inChannels = c.getIntIn("in_chans", 1, ConfigLimits.MAX_CHANNELS);
		int classes = c.getIntIn("out_chans", 1, ConfigLimits.MAX_CLASSES);
		int[] f = c.getIntsWithin("feat_size", 1, ConfigLimits.MAX_DIM);
		if (f.length != 5) throw new ConfigException("swin_umamba config: 'feat_size' must have 5 entries, got " +
			java.util.Arrays.toString(f));
		for (int i = 2; i < 5; i++) if (f[i] != 2 * f[i - 1]) throw new ConfigException("swin_umamba config: " +
			"'feat_size' [1:] are the VMamba encoder's dims and must double per stage (patch merging maps C to 2C), got " +
			java.util.Arrays.toString(f));
		int hidden = c.getInt("hidden_size", f[4]);
		if (hidden != f[4]) throw new ConfigException("swin_umamba config: 'hidden_size' (" + hidden +
			") must equal feat_size[4] (" + f[4] + ")");
		int[] depths = c.getIntsWithin("depths", 0, ConfigLimits.MAX_DEPTH);
		if (depths.length != STAGES) throw new ConfigException("swin_umamba config: 'depths' must have " + STAGES +
			" entries (one per encoder stage), got " + java.util.Arrays.toString(depths));
		int dState = c.getIntIn("d_state", 1, ConfigLimits.MAX_D_STATE);

		stemConv = new Conv2d(sd.prefixed("stem.0."), inChannels, f[0], 7, 2, 3, 1, true, engine);
		stemNorm = new InstanceNorm2d(sd.prefixed("stem.1."), f[0], 1e-5f, true);
		vss = new VSSMEncoder(sd.prefixed("vssm_encoder."), 2, f[0], java.util.Arrays.copyOfRange(f, 1, 5), depths,
			dState, engine);
		int[] encIn = { inChannels, f[0], f[1], f[2], f[3] };
		for (int i = 0; i < 5; i++)
			encoders[i] = new UnetResBlock(sd.prefixed("encoder" + (i + 1) + ".layer."), encIn[i], f[i], engine);
		// decoder6 (from the deepest stage, f[4] -> f[4]) up to decoder2 (f[1] -> f[0]): ups[k] is decoder(6 - k)
		ups[0] = new UnetrUpBlock(sd.prefixed("decoder6."), f[4], f[4], engine);
		for (int k = 1; k < 5; k++) ups[k] = new UnetrUpBlock(sd.prefixed("decoder" + (6 - k) + "."), f[5 - k], f[4 - k], engine);
		last = new UnetResBlock(sd.prefixed("decoder1.layer."), f[0], f[0], engine);
		head = new Conv2d(sd.prefixed("out_layers.0.conv.conv."), f[0], classes, 1, 1, 0, 1, true, engine);
		for (int i = 1; i < 4; i++) { // deep-supervision heads: in every checkpoint, never used at inference
			StateDict ds = sd.prefixed("out_layers." + i + ".conv.conv.");
			ds.take("weight", classes, f[i], 1, 1);
			ds.take("bias", classes);
		}
	}

	@Override
	public Tensor forward(Tensor input) {
		Inputs.checkImage("Swin-UMamba", input, inChannels, MULTIPLE, false);
		Tensor x = input;
		Tensor stem = stemNorm.apply(stemConv.apply(x));
		Tensor[] stages = vss.apply(stem);
		Tensor[] skips = { encoders[0].apply(x), encoders[1].apply(stem), encoders[2].apply(stages[0]),
			encoders[3].apply(stages[1]), encoders[4].apply(stages[2]) };
		Tensor d = stages[3];
		for (int k = 0; k < 5; k++) d = ups[k].apply(d, skips[4 - k]);
		return head.apply(last.apply(d));
	}

	@Override
	public int inputChannels() {
		return inChannels;
	}

	@Override
	public int sizeMultiple() {
		return MULTIPLE;
	}
}

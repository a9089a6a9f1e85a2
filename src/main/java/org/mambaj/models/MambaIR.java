package org.mambaj.models;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;
import org.mambaj.nn.Conv2d;
import org.mambaj.nn.LayerNorm;
import org.mambaj.nn.MambaIRBlock;
import org.mambaj.nn.PixelShuffleUpsample;

/**
 * MambaIR (Guo et al., 2024): conv_first, residual state space groups (MambaIR blocks then a 3x3 conv, with a
 * residual), a LayerNorm, conv_after_body with a residual to the shallow features, then the reconstruction:
 * for restoration (upsampler '', denoising) conv_last and a global residual; for classical super-resolution
 * ('pixelshuffle') conv_before_upsample (conv3x3 to 64 channels, LeakyReLU 0.01), pixel-shuffle upsampling
 * stages and conv_last; for lightweight super-resolution ('pixelshuffledirect', with the light CAB in every
 * block) one conv3x3 and a pixel shuffle straight to the image. The RGB mean is subtracted for 3-channel models
 * and the image scaled by img_range. Keys as in the published {@code MambaIR}. Published configs: colour
 * denoising embed_dim 180, depths [6] * 6, mlp_ratio 1.2; classical SR x2/x3/x4 embed_dim 180, depths [6] * 6,
 * mlp_ratio 2; lightweight SR embed_dim 60, depths [6] * 4, mlp_ratio 1.2, d_state 10.
 */
public final class MambaIR implements Model {

	private static final float[] RGB_MEAN = { 0.4488f, 0.4371f, 0.4040f };
	/** Channels of the classical SR reconstruction, fixed in the published code. */
	private static final int SR_FEATURES = 64;
	private static final float LEAKY_SLOPE = 0.01f;

	private final int inChannels, outputScale;
	private final float imgRange;
	private final String upsampler;
	private final Conv2d convFirst, afterBody, convBeforeUpsample, convLast;
	private final PixelShuffleUpsample upsample;
	private final LayerNorm embedNorm, norm;
	private final MambaIRBlock[][] groups;
	private final Conv2d[] groupConv;

	public MambaIR(Config config, StateDict sd, Engine engine) {
		MambaIRConfig c = MambaIRConfig.from(config);
		inChannels = c.inChannels();
		int dim = c.embedDim();
		int[] depths = c.depths();
		int dState = c.dState();
		float expand = c.mlpRatio();
		imgRange = c.imgRange();
		upsampler = c.upsampler();
		outputScale = c.outputScale();
		// checked first: otherwise the first difference (the light CAB's shapes) would hide what is missing
		if (upsampler.equals(MambaIRConfig.RESTORE) && sd.has("upsample.0.weight")) throw new ConfigException(sd.source() +
			": the weights have upsample.* (a super-resolution MambaIR) but the config has no upsampler; give " +
			"upsampler 'pixelshuffle' or 'pixelshuffledirect' and the upscale it was trained for");
		convFirst = Conv2d.same(sd.prefixed("conv_first."), inChannels, dim, 3, engine);
		embedNorm = new LayerNorm(sd.prefixed("patch_embed.norm."), dim);
		groups = new MambaIRBlock[depths.length][];
		groupConv = new Conv2d[depths.length];
		for (int i = 0; i < depths.length; i++) {
			StateDict g = sd.prefixed("layers." + i + ".");
			groups[i] = new MambaIRBlock[depths[i]];
			for (int j = 0; j < depths[i]; j++)
				groups[i][j] = new MambaIRBlock(g.prefixed("residual_group.blocks." + j + "."), dim, dState, expand,
					c.lightBlocks(), engine);
			groupConv[i] = Conv2d.same(g.prefixed("conv."), dim, dim, 3, engine);
		}
		norm = new LayerNorm(sd.prefixed("norm."), dim);
		afterBody = Conv2d.same(sd.prefixed("conv_after_body."), dim, dim, 3, engine);
		switch (upsampler) {
			case MambaIRConfig.PIXELSHUFFLE -> {
				convBeforeUpsample = Conv2d.same(sd.prefixed("conv_before_upsample.0."), dim, SR_FEATURES, 3, engine);
				upsample = PixelShuffleUpsample.stages(sd.prefixed("upsample."), c.upscale(), SR_FEATURES, engine);
				convLast = Conv2d.same(sd.prefixed("conv_last."), SR_FEATURES, inChannels, 3, engine);
			}
			case MambaIRConfig.PIXELSHUFFLE_DIRECT -> {
				convBeforeUpsample = null;
				upsample = PixelShuffleUpsample.oneStep(sd.prefixed("upsample."), c.upscale(), dim, inChannels, engine);
				convLast = null;
			}
			default -> {
				convBeforeUpsample = null;
				upsample = null;
				convLast = Conv2d.same(sd.prefixed("conv_last."), dim, inChannels, 3, engine);
			}
		}
	}

	@Override
	public Tensor forward(Tensor input) {
		Inputs.checkImage("MambaIR", input, inChannels, 1, false);
		float[] mean = inChannels == 3 ? RGB_MEAN : new float[inChannels];
		Tensor x = toModelRange(input, mean);
		Tensor shallow = convFirst.apply(x);
		Tensor f = embedNorm.apply(shallow);
		for (int i = 0; i < groups.length; i++) {
			Tensor g = f;
			for (MambaIRBlock b : groups[i]) g = b.apply(g);
			f = Layout.add(groupConv[i].apply(g), f);
		}
		Tensor res = Layout.add(afterBody.apply(norm.apply(f)), shallow);
		Tensor out = switch (upsampler) {
			case MambaIRConfig.PIXELSHUFFLE -> convLast.apply(upsample.apply(
				Activations.leakyRelu(convBeforeUpsample.apply(res), LEAKY_SLOPE)));
			case MambaIRConfig.PIXELSHUFFLE_DIRECT -> upsample.apply(res);
			default -> Layout.add(x, convLast.apply(res));
		};
		return fromModelRange(out, mean);
	}

	/** (x - mean) * range on the way in. */
	private Tensor toModelRange(Tensor x, float[] mean) {
		float[] in = x.data(), out = new float[in.length];
		for (int i = 0; i < in.length; i++) out[i] = (in[i] - mean[i % mean.length]) * imgRange;
		return new Tensor(out, x.shape());
	}

	/** x / range + mean on the way out. */
	private Tensor fromModelRange(Tensor x, float[] mean) {
		float[] in = x.data(), out = new float[in.length];
		for (int i = 0; i < in.length; i++) out[i] = in[i] / imgRange + mean[i % mean.length];
		return new Tensor(out, x.shape());
	}

	@Override
	public int inputChannels() {
		return inChannels;
	}

	@Override
	public int sizeMultiple() {
		return 1;
	}

	@Override
	public int outputScale() {
		return outputScale;
	}
}

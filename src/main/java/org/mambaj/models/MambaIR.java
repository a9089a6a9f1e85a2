package org.mambaj.models;

import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;
import org.mambaj.nn.Conv2d;
import org.mambaj.nn.LayerNorm;
import org.mambaj.nn.MambaIRBlock;

/**
 * MambaIR (Guo et al., 2024) for restoration without upsampling (denoising): conv_first, residual state
 * space groups (MambaIR blocks then a 3x3 conv, with a residual), a LayerNorm, conv_after_body with a
 * residual to the shallow features, conv_last and a global residual; the RGB mean is subtracted for 3-channel
 * models and the image scaled by img_range. Keys as in the published {@code MambaIR}. Published colour
 * denoising config: embed_dim 180, depths [6, 6, 6, 6, 6, 6], mlp_ratio 2, d_state 16.
 */
public final class MambaIR implements Model {

	private static final float[] RGB_MEAN = { 0.4488f, 0.4371f, 0.4040f };

	private final int inChannels;
	private final float imgRange;
	private final Conv2d convFirst, afterBody, convLast;
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
		convFirst = Conv2d.same(sd.prefixed("conv_first."), inChannels, dim, 3, engine);
		embedNorm = new LayerNorm(sd.prefixed("patch_embed.norm."), dim);
		groups = new MambaIRBlock[depths.length][];
		groupConv = new Conv2d[depths.length];
		for (int i = 0; i < depths.length; i++) {
			StateDict g = sd.prefixed("layers." + i + ".");
			groups[i] = new MambaIRBlock[depths[i]];
			for (int j = 0; j < depths[i]; j++)
				groups[i][j] = new MambaIRBlock(g.prefixed("residual_group.blocks." + j + "."), dim, dState, expand, engine);
			groupConv[i] = Conv2d.same(g.prefixed("conv."), dim, dim, 3, engine);
		}
		norm = new LayerNorm(sd.prefixed("norm."), dim);
		afterBody = Conv2d.same(sd.prefixed("conv_after_body."), dim, dim, 3, engine);
		convLast = Conv2d.same(sd.prefixed("conv_last."), dim, inChannels, 3, engine);
	}

	@Override
	public Tensor forward(Tensor input) {
		Inputs.checkImage("MambaIR", input, inChannels, 1, false);
		Tensor x = Layout.nchwToNhwc(input);
		float[] mean = inChannels == 3 ? RGB_MEAN : new float[inChannels];
		x = toModelRange(x, mean);
		Tensor shallow = convFirst.apply(x);
		Tensor f = embedNorm.apply(shallow);
		for (int i = 0; i < groups.length; i++) {
			Tensor g = f;
			for (MambaIRBlock b : groups[i]) g = b.apply(g);
			f = Layout.add(groupConv[i].apply(g), f);
		}
		Tensor res = Layout.add(afterBody.apply(norm.apply(f)), shallow);
		Tensor out = Layout.add(x, convLast.apply(res));
		return Layout.nhwcToNchw(fromModelRange(out, mean));
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
}

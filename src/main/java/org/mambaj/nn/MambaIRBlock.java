package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Norms;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * MambaIR's residual state space block: x = x * skip_scale + SS2D(ln_1(x)); x = x * skip_scale2 +
 * CAB(ln_2(x)) (keys ln_1, self_attention, skip_scale, ln_2, conv_blk, skip_scale2). NHWC. Lightweight
 * super-resolution models use the light CAB.
 */
public final class MambaIRBlock {

	private final LayerNorm norm1, norm2;
	private final SS2D ss2d;
	private final ChannelAttentionBlock cab;
	private final float[] skip1, skip2;

	public MambaIRBlock(StateDict sd, int dim, int dState, float expand, Engine engine) {
		this(sd, dim, dState, expand, false, engine);
	}

	public MambaIRBlock(StateDict sd, int dim, int dState, float expand, boolean lightCab, Engine engine) {
		norm1 = new LayerNorm(sd.prefixed("ln_1."), dim);
		ss2d = new SS2D(sd.prefixed("self_attention."), dim, dState, 3, expand, engine);
		skip1 = sd.take("skip_scale", dim).data();
		cab = lightCab ? ChannelAttentionBlock.light(sd.prefixed("conv_blk."), dim, 30, engine)
			: new ChannelAttentionBlock(sd.prefixed("conv_blk."), dim, 3, 30, engine);
		norm2 = new LayerNorm(sd.prefixed("ln_2."), dim);
		skip2 = sd.take("skip_scale2", dim).data();
	}

	public Tensor apply(Tensor x) {
		x = addScaled(x, skip1, ss2d.apply(norm1.apply(x)));
		return addScaled(x, skip2, cab.apply(norm2.apply(x)));
	}

	/** x * scale[c] + y. */
	private static Tensor addScaled(Tensor x, float[] scale, Tensor y) {
		Tensor out = Norms.scaleShift(x, scale, null);
		float[] o = out.data(), a = y.data();
		for (int i = 0; i < o.length; i++) o[i] += a[i];
		return out;
	}
}

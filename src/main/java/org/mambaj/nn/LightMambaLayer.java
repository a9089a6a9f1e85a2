package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * LightM-UNet's MambaLayer on an NHWC map, over the pixels in row-major order: one LayerNorm used twice,
 * {@code proj(norm(mamba(norm(t)) + skip_scale * t))}, where the skip adds the tokens as they came in (before the
 * norm, unlike UltraLight's PVM layer). Mamba: d_state 16, d_conv 4, expand 2. Keys norm.*, mamba.*, proj.*,
 * skip_scale.
 */
public final class LightMambaLayer {

	private final int in, out;
	private final LayerNorm norm;
	private final MambaBlock mamba;
	private final Linear proj;
	private final float skipScale;

	public LightMambaLayer(StateDict sd, int in, int out, Engine engine) {
		this.in = in;
		this.out = out;
		norm = new LayerNorm(sd.prefixed("norm."), in);
		mamba = new MambaBlock(sd.prefixed("mamba."), in, 16, 4, 2, engine);
		proj = new Linear(sd.prefixed("proj."), in, out, true, engine);
		skipScale = sd.take("skip_scale", 1).data()[0];
	}

	public Tensor apply(Tensor x) {
		int n = x.dim(0), h = x.dim(1), w = x.dim(2);
		Tensor t = x.reshape(n, h * w, in);
		Tensor y = mamba.apply(norm.apply(t));
		ScaledAdd.inPlace(y, skipScale, t);
		return proj.apply(norm.apply(y)).reshape(n, h, w, out);
	}
}

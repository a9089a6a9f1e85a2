package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * UltraLight VM-UNet's parallel vision Mamba layer on an NHWC map: LayerNorm over the channels, the channels cut into
 * four chunks that one shared Mamba block (d_model = C/4, d_state 16, d_conv 4, expand 2) scans separately, each
 * plus skip_scale times itself, the same LayerNorm again, then a Linear to the output channels. Keys norm.*,
 * mamba.*, proj.*, skip_scale.
 */
public final class PVMLayer {

	private final int in, out;
	private final LayerNorm norm;
	private final MambaBlock mamba;
	private final Linear proj;
	private final float skipScale;

	public PVMLayer(StateDict sd, int in, int out, Engine engine) {
		if (in % 4 != 0) throw new IllegalArgumentException("PVM layer: input channels must be a multiple of 4, got " + in);
		this.in = in;
		this.out = out;
		norm = new LayerNorm(sd.prefixed("norm."), in);
		mamba = new MambaBlock(sd.prefixed("mamba."), in / 4, 16, 4, 2, engine);
		proj = new Linear(sd.prefixed("proj."), in, out, true, engine);
		skipScale = sd.take("skip_scale", 1).data()[0];
	}

	public Tensor apply(Tensor x) {
		int n = x.dim(0), h = x.dim(1), w = x.dim(2), q = in / 4;
		Tensor t = norm.apply(x.reshape(n, h * w, in));
		Tensor[] parts = new Tensor[4];
		for (int i = 0; i < 4; i++) {
			Tensor chunk = Layout.sliceLast(t, i * q, q);
			Tensor y = mamba.apply(chunk);
			float[] yd = y.data(), cd = chunk.data();
			for (int j = 0; j < yd.length; j++) yd[j] += skipScale * cd[j]; // y is fresh: ours to write
			parts[i] = y;
		}
		return proj.apply(norm.apply(Layout.concatLast(parts))).reshape(n, h, w, out);
	}
}

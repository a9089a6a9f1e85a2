package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * U-Mamba's MambaLayer on an NHWC feature map: LayerNorm then a Mamba block (d_state 16, d_conv 4, expand 2), no
 * residual. Over pixels (tokens in row-major order, d_model = channels) or, in UMambaEnc where a stage has no more
 * pixels than channels, over channels (tokens = channels, d_model = height x width). Keys norm.*, mamba.*.
 */
public final class UMambaLayer {

	private final boolean channelTokens;
	private final int dim;
	private final LayerNorm norm;
	private final MambaBlock mamba;

	/** U-Mamba's layer: the Mamba block with its published defaults (d_state 16, d_conv 4, expand 2). */
	public UMambaLayer(StateDict sd, int dim, boolean channelTokens, Engine engine) {
		this(sd, dim, 16, 4, 2, channelTokens, engine);
	}

	public UMambaLayer(StateDict sd, int dim, int dState, int dConv, int expand, boolean channelTokens, Engine engine) {
		this.dim = dim;
		this.channelTokens = channelTokens;
		norm = new LayerNorm(sd.prefixed("norm."), dim);
		mamba = new MambaBlock(sd.prefixed("mamba."), dim, dState, dConv, expand, engine);
	}

	public Tensor apply(Tensor x) {
		int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
		if (!channelTokens) return mamba.apply(norm.apply(x.reshape(n, h * w, c))).reshape(n, h, w, c);
		if (h * w != dim) throw new IllegalArgumentException("this Mamba layer scans channels with d_model = " + dim +
			" pixels (the training patch size), got a " + h + "x" + w + " feature map");
		Tensor tokens = Layout.nhwcToNchw(x).reshape(n, c, h * w);
		return Layout.nchwToNhwc(mamba.apply(norm.apply(tokens)).reshape(n, c, h, w));
	}
}

package org.mambaj.nn;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.Pooling;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * MambaIR's CAB: conv3x3 C -> C/compress, GELU, conv3x3 back to C, then squeeze-and-excitation channel
 * attention (global average, 1x1 C -> C/squeeze, ReLU, 1x1 back, sigmoid, rescale). Keys cab.0, cab.2,
 * cab.3.attention.1, cab.3.attention.3. NHWC.
 */
public final class ChannelAttentionBlock {

	private final Conv2d conv0, conv2;
	private final Linear squeeze, excite;

	public ChannelAttentionBlock(StateDict sd, int dim, int compress, int squeezeFactor, Engine engine) {
		int mid = dim / compress, sq = dim / squeezeFactor;
		if (mid < 1 || sq < 1) throw new IllegalArgumentException("channel attention block needs at least " +
			Math.max(compress, squeezeFactor) + " channels, got " + dim);
		StateDict cab = sd.prefixed("cab.");
		conv0 = Conv2d.same(cab.prefixed("0."), dim, mid, 3, engine);
		conv2 = Conv2d.same(cab.prefixed("2."), mid, dim, 3, engine);
		// the 1x1 convolutions act on a pooled [B, C] vector: linear maps with the 1x1 kernels
		StateDict att = cab.prefixed("3.attention.");
		squeeze = new Linear(att.take("1.weight", sq, dim, 1, 1).reshape(sq, dim), att.take("1.bias", sq), engine);
		excite = new Linear(att.take("3.weight", dim, sq, 1, 1).reshape(dim, sq), att.take("3.bias", dim), engine);
	}

	public Tensor apply(Tensor x) {
		Tensor f = conv2.apply(Activations.gelu(conv0.apply(x)));
		Tensor w = Activations.sigmoid(excite.apply(Activations.relu(squeeze.apply(Pooling.globalAvgPool(f)))));
		int c = f.dim(3), pixels = f.size() / c / f.dim(0);
		float[] in = f.data(), out = new float[in.length], s = w.data();
		// per pixel and channel, no division in the loop
		for (int p = 0, o = 0; p < in.length / c; p++) {
			int so = (p / pixels) * c;
			for (int i = 0; i < c; i++, o++) out[o] = in[o] * s[so + i];
		}
		return new Tensor(out, f.shape());
	}
}

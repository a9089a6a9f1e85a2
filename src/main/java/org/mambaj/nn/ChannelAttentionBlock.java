package org.mambaj.nn;

import java.util.function.UnaryOperator;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.Pooling;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * MambaIR's CAB: convolutions, then squeeze-and-excitation channel attention (global average, 1x1 C -> C/squeeze,
 * ReLU, 1x1 back, sigmoid, rescale). NHWC. The standard block: conv3x3 C -> C/compress, GELU, conv3x3 back to C
 * (keys cab.0, cab.2, cab.3.attention.1, cab.3.attention.3). The light block of lightweight super-resolution:
 * 1x1 C -> C/2, depthwise 3x3, GELU, 1x1 back to C, depthwise 3x3 with dilation 2 (keys cab.0, cab.1, cab.3,
 * cab.4, cab.5.attention.1, cab.5.attention.3).
 */
public final class ChannelAttentionBlock {

	private final UnaryOperator<Tensor> features;
	private final Linear squeeze, excite;

	/** The standard block. */
	public ChannelAttentionBlock(StateDict sd, int dim, int compress, int squeezeFactor, Engine engine) {
		this(dim, standardFeatures(sd.prefixed("cab."), dim, dim / compress, engine), sd.prefixed("cab.3.attention."),
			squeezeFactor, Math.max(compress, squeezeFactor), engine);
	}

	/** The light block (MambaIR's {@code is_light_sr}: compress 2). */
	public static ChannelAttentionBlock light(StateDict sd, int dim, int squeezeFactor, Engine engine) {
		return new ChannelAttentionBlock(dim, lightFeatures(sd.prefixed("cab."), dim, dim / 2, engine),
			sd.prefixed("cab.5.attention."), squeezeFactor, Math.max(2, squeezeFactor), engine);
	}

	private ChannelAttentionBlock(int dim, UnaryOperator<Tensor> features, StateDict att, int squeezeFactor,
		int minChannels, Engine engine)
	{
		int sq = dim / squeezeFactor;
		if (features == null || sq < 1) throw new IllegalArgumentException("channel attention block needs at least " +
			minChannels + " channels, got " + dim);
		this.features = features;
		// the 1x1 convolutions act on a pooled [B, C] vector: linear maps with the 1x1 kernels
		squeeze = new Linear(att.take("1.weight", sq, dim, 1, 1).reshape(sq, dim), att.take("1.bias", sq), engine);
		excite = new Linear(att.take("3.weight", dim, sq, 1, 1).reshape(dim, sq), att.take("3.bias", dim), engine);
	}

	/** conv3x3, GELU, conv3x3; null when the block is too narrow for the compression. */
	private static UnaryOperator<Tensor> standardFeatures(StateDict cab, int dim, int mid, Engine engine) {
		if (mid < 1) return null;
		Conv2d conv0 = Conv2d.same(cab.prefixed("0."), dim, mid, 3, engine);
		Conv2d conv2 = Conv2d.same(cab.prefixed("2."), mid, dim, 3, engine);
		return x -> conv2.apply(Activations.gelu(conv0.apply(x)));
	}

	/** 1x1, depthwise 3x3, GELU, 1x1, depthwise dilated 3x3; null when the block is too narrow. */
	private static UnaryOperator<Tensor> lightFeatures(StateDict cab, int dim, int mid, Engine engine) {
		if (mid < 1) return null;
		Conv2d reduce = Conv2d.same(cab.prefixed("0."), dim, mid, 1, engine);
		Conv2d depthwise = new Conv2d(cab.prefixed("1."), mid, mid, 3, 1, 1, mid, true, engine);
		Conv2d expand = Conv2d.same(cab.prefixed("3."), mid, dim, 1, engine);
		Conv2d dilated = Conv2d.dilated(cab.prefixed("4."), dim, dim, 3, 2, 2, dim, engine);
		return x -> dilated.apply(expand.apply(Activations.gelu(depthwise.apply(reduce.apply(x)))));
	}

	public Tensor apply(Tensor x) {
		Tensor f = features.apply(x);
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

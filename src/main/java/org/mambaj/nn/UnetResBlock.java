package org.mambaj.nn;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * MONAI's UnetResBlock as Swin-UMamba builds it (kernel 3, stride 1, norm "instance", LeakyReLU 0.01): conv1 ->
 * norm1 -> act -> conv2 -> norm2, plus the input (through a 1x1 conv3 and norm3 when the channel count changes),
 * -> act. Convolutions without bias (keys {@code conv1.conv.weight}, ...); InstanceNorm2d without affine weights
 * (no keys). NHWC.
 */
public final class UnetResBlock {

	private static final float EPS = 1e-5f, SLOPE = 0.01f;

	private final Conv2d conv1, conv2, conv3;
	private final InstanceNorm2d norm;

	public UnetResBlock(StateDict sd, int in, int out, Engine engine) {
		conv1 = new Conv2d(sd.prefixed("conv1.conv."), in, out, 3, 1, 1, 1, false, engine);
		conv2 = new Conv2d(sd.prefixed("conv2.conv."), out, out, 3, 1, 1, 1, false, engine);
		conv3 = in != out ? new Conv2d(sd.prefixed("conv3.conv."), in, out, 1, 1, 0, 1, false, engine) : null;
		norm = new InstanceNorm2d(sd, out, EPS, false); // no weights: one instance serves norm1, norm2 and norm3
	}

	public Tensor apply(Tensor x) {
		Tensor y = norm.applyLeakyRelu(conv1.apply(x), SLOPE);
		y = norm.apply(conv2.apply(y));
		Tensor residual = conv3 == null ? x : norm.apply(conv3.apply(x));
		return Activations.addLeakyRelu(y, residual, SLOPE);
	}
}

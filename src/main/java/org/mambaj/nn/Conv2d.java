package org.mambaj.nn;

import org.mambaj.core.DenseOp;
import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/** PyTorch's nn.Conv2d (kernel, stride and zero padding square or per axis), on NHWC tensors. */
public final class Conv2d {

	private final DenseOp op;

	public Conv2d(StateDict sd, int in, int out, int kernel, int stride, int padding, int groups, boolean bias,
		Engine engine)
	{
		Tensor w = sd.take("weight", out, in / groups, kernel, kernel);
		op = engine.conv2d(w, bias ? sd.take("bias", out) : null, stride, padding, groups);
	}

	/** Kernel {kh, kw}, stride {sh, sw} and padding {ph, pw} per axis, groups 1 (nnU-Net's plans). */
	public Conv2d(StateDict sd, int in, int out, int[] kernel, int[] stride, int[] padding, boolean bias, Engine engine) {
		Tensor w = sd.take("weight", out, in, kernel[0], kernel[1]);
		op = engine.conv2d(w, bias ? sd.take("bias", out) : null, stride[0], stride[1], padding[0], padding[1], 1);
	}

	/** A stride-1 convolution with "same" padding for odd kernels, the common case. */
	public static Conv2d same(StateDict sd, int in, int out, int kernel, Engine engine) {
		return new Conv2d(sd, in, out, kernel, 1, kernel / 2, 1, true, engine);
	}

	public Tensor apply(Tensor x) {
		return op.apply(x);
	}
}

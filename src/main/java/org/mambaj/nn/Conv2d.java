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

	/**
	 * A stride-1 convolution with a dilated square kernel: run as the equivalent kernel with (dilation - 1) zeros
	 * between the taps, which adds exact zeros and so gives the dilated result on every engine.
	 */
	public static Conv2d dilated(StateDict sd, int in, int out, int kernel, int dilation, int padding, Engine engine) {
		return dilated(sd, in, out, kernel, dilation, padding, 1, engine);
	}

	/** As {@link #dilated(StateDict, int, int, int, int, int, Engine)} with groups (MambaIR's depthwise dilated conv). */
	public static Conv2d dilated(StateDict sd, int in, int out, int kernel, int dilation, int padding, int groups,
		Engine engine)
	{
		int perGroup = in / groups;
		float[] w = sd.take("weight", out, perGroup, kernel, kernel).data();
		int k = (kernel - 1) * dilation + 1;
		float[] spread = new float[out * perGroup * k * k];
		for (int oi = 0; oi < out * perGroup; oi++)
			for (int y = 0; y < kernel; y++)
				for (int x = 0; x < kernel; x++)
					spread[(oi * k + y * dilation) * k + x * dilation] = w[(oi * kernel + y) * kernel + x];
		Tensor bias = sd.take("bias", out);
		return new Conv2d(engine.conv2d(new Tensor(spread, out, perGroup, k, k), bias, 1, padding, groups));
	}

	private Conv2d(DenseOp op) {
		this.op = op;
	}

	/** A stride-1 convolution with "same" padding for odd kernels, the common case. */
	public static Conv2d same(StateDict sd, int in, int out, int kernel, Engine engine) {
		return new Conv2d(sd, in, out, kernel, 1, kernel / 2, 1, true, engine);
	}

	public Tensor apply(Tensor x) {
		return op.apply(x);
	}
}

package org.mambaj.nn;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * U-Mamba's BasicResBlock (UMambaBot_2d.py / UMambaEnc_2d.py, use_1x1conv=True as every U-Mamba stage builds it):
 * conv1 (stride, padding k/2) -> norm1 -> LeakyReLU -> conv2 -> norm2, plus conv3 (1x1, stride) of the input,
 * -> LeakyReLU. Convolutions with bias, InstanceNorm2d (eps 1e-5, affine), slope 0.01.
 */
public final class BasicResBlock {

	private final Conv2d conv1, conv2, conv3;
	private final InstanceNorm2d norm1, norm2;

	public BasicResBlock(StateDict sd, int in, int out, int[] kernel, int[] stride, Engine engine) {
		int[] pad = { kernel[0] / 2, kernel[1] / 2 }, one = { 1, 1 }, zero = { 0, 0 };
		conv1 = new Conv2d(sd.prefixed("conv1."), in, out, kernel, stride, pad, true, engine);
		norm1 = new InstanceNorm2d(sd.prefixed("norm1."), out, ConvDropoutNormReLU.EPS, true);
		conv2 = new Conv2d(sd.prefixed("conv2."), out, out, kernel, one, pad, true, engine);
		norm2 = new InstanceNorm2d(sd.prefixed("norm2."), out, ConvDropoutNormReLU.EPS, true);
		conv3 = new Conv2d(sd.prefixed("conv3."), in, out, one, stride, zero, true, engine);
	}

	public Tensor apply(Tensor x) {
		Tensor y = norm1.applyLeakyRelu(conv1.apply(x), ConvDropoutNormReLU.SLOPE);
		y = norm2.apply(conv2.apply(y));
		return Activations.addLeakyRelu(y, conv3.apply(x), ConvDropoutNormReLU.SLOPE);
	}
}

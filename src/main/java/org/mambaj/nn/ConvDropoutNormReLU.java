package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * dynamic-network-architectures' ConvDropoutNormReLU as nnU-Net and U-Mamba configure it: conv (bias, stride,
 * padding (k-1)/2 per axis) -> InstanceNorm2d (eps 1e-5, affine) -> optional LeakyReLU(0.01); no dropout at
 * inference. Keys conv.*, norm.*, and their duplicates all_modules.0.* and all_modules.1.*.
 */
public final class ConvDropoutNormReLU {

	/** nnU-Net's LeakyReLU slope and InstanceNorm epsilon. */
	public static final float SLOPE = 0.01f, EPS = 1e-5f;

	private final Conv2d conv;
	private final InstanceNorm2d norm;
	private final boolean nonlin;

	public ConvDropoutNormReLU(StateDict sd, int in, int out, int[] kernel, int[] stride, boolean nonlin, Engine engine) {
		int[] pad = { (kernel[0] - 1) / 2, (kernel[1] - 1) / 2 };
		conv = new Conv2d(sd.prefixed("conv."), in, out, kernel, stride, pad, true, engine);
		norm = new InstanceNorm2d(sd.prefixed("norm."), out, EPS, true);
		this.nonlin = nonlin;
		for (String leaf : new String[] { "weight", "bias" }) {
			DuplicateWeights.takeCopy(sd, "all_modules.0." + leaf, sd.take("conv." + leaf), "conv." + leaf);
			DuplicateWeights.takeCopy(sd, "all_modules.1." + leaf, sd.take("norm." + leaf), "norm." + leaf);
		}
	}

	public Tensor apply(Tensor x) {
		Tensor y = conv.apply(x);
		return nonlin ? norm.applyLeakyRelu(y, SLOPE) : norm.apply(y);
	}
}

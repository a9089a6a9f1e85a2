package org.mambaj.nn;

import org.mambaj.core.Norms;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * PyTorch's nn.InstanceNorm2d without running statistics (each image normalized by its own mean and variance per
 * channel), on NHWC tensors; {@code affine} reads weight and bias.
 */
public final class InstanceNorm2d {

	private final float[] weight, bias;
	private final float eps;

	public InstanceNorm2d(StateDict sd, int channels, float eps, boolean affine) {
		weight = affine ? sd.take("weight", channels).data() : null;
		bias = affine ? sd.take("bias", channels).data() : null;
		this.eps = eps;
	}

	public Tensor apply(Tensor x) {
		checkChannels(x);
		return Norms.instanceNorm(x, weight, bias, eps);
	}

	/** This norm followed by LeakyReLU(slope), in one pass. */
	public Tensor applyLeakyRelu(Tensor x, float slope) {
		checkChannels(x);
		return Norms.instanceNormLeakyRelu(x, weight, bias, eps, slope);
	}

	private void checkChannels(Tensor x) {
		if (weight != null && x.dim(-1) != weight.length) throw new IllegalArgumentException(
			"instance norm has " + weight.length + " channels, input has shape " + x.shapeString());
	}
}

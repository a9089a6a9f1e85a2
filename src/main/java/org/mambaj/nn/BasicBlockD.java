package org.mambaj.nn;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * dynamic-network-architectures' BasicBlockD (ResNet-D basic block) as U-Mamba uses it: same channels in and out,
 * stride 1, so the skip is the identity. LeakyReLU(conv2(conv1(x)) + x); keys conv1.*, conv2.*.
 */
public final class BasicBlockD {

	private final ConvDropoutNormReLU conv1, conv2;

	public BasicBlockD(StateDict sd, int channels, int[] kernel, Engine engine) {
		int[] one = { 1, 1 };
		conv1 = new ConvDropoutNormReLU(sd.prefixed("conv1."), channels, channels, kernel, one, true, engine);
		conv2 = new ConvDropoutNormReLU(sd.prefixed("conv2."), channels, channels, kernel, one, false, engine);
	}

	public Tensor apply(Tensor x) {
		return Activations.addLeakyRelu(conv2.apply(conv1.apply(x)), x, ConvDropoutNormReLU.SLOPE);
	}
}

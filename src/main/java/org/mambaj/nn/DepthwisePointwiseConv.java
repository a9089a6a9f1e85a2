package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * LightM-UNet's get_dwconv_layer: a depthwise k x k conv ("same" padding) then a pointwise 1x1 conv, each a MONAI
 * Convolution whose weights sit under {@code conv}: keys {@code 0.conv.weight}, {@code 1.conv.weight} (and
 * {@code .bias} when built with bias).
 */
public final class DepthwisePointwiseConv {

	private final Conv2d depthwise, pointwise;

	public DepthwisePointwiseConv(StateDict sd, int in, int out, int kernel, boolean bias, Engine engine) {
		depthwise = new Conv2d(sd.prefixed("0.conv."), in, in, kernel, 1, kernel / 2, in, bias, engine);
		pointwise = new Conv2d(sd.prefixed("1.conv."), in, out, 1, 1, 0, 1, bias, engine);
	}

	public Tensor apply(Tensor x) {
		return pointwise.apply(depthwise.apply(x));
	}
}

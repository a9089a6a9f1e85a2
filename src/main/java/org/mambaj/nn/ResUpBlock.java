package org.mambaj.nn;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * LightM-UNet's ResUpBlock: {@code relu(norm2(dwconv(relu(norm1(x))) + skip_scale * x))}, a depthwise 3x3 +
 * pointwise conv without bias and GroupNorm(8) norms. Keys norm1.*, norm2.*, conv.0.conv.weight, conv.1.conv.weight,
 * skip_scale.
 */
public final class ResUpBlock {

	private final GroupNorm2d norm1, norm2;
	private final DepthwisePointwiseConv conv;
	private final float skipScale;

	public ResUpBlock(StateDict sd, int channels, int groups, Engine engine) {
		norm1 = new GroupNorm2d(sd.prefixed("norm1."), groups, channels);
		norm2 = new GroupNorm2d(sd.prefixed("norm2."), groups, channels);
		conv = new DepthwisePointwiseConv(sd.prefixed("conv."), channels, channels, 3, false, engine);
		skipScale = sd.take("skip_scale", 1).data()[0];
	}

	public Tensor apply(Tensor x) {
		Tensor y = conv.apply(Activations.relu(norm1.apply(x)));
		ScaledAdd.inPlace(y, skipScale, x);
		return Activations.relu(norm2.apply(y));
	}
}

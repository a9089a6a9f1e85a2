package org.mambaj.nn;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * LightM-UNet's ResMambaBlock: {@code x + conv2(relu(norm2(conv1(relu(norm1(x))))))}, GroupNorm(8) norms and
 * {@link LightMambaLayer}s as conv1/conv2 (channels unchanged). Keys norm1.*, norm2.*, conv1.*, conv2.*.
 */
public final class ResMambaBlock {

	private final GroupNorm2d norm1, norm2;
	private final LightMambaLayer conv1, conv2;

	public ResMambaBlock(StateDict sd, int channels, int groups, Engine engine) {
		norm1 = new GroupNorm2d(sd.prefixed("norm1."), groups, channels);
		norm2 = new GroupNorm2d(sd.prefixed("norm2."), groups, channels);
		conv1 = new LightMambaLayer(sd.prefixed("conv1."), channels, channels, engine);
		conv2 = new LightMambaLayer(sd.prefixed("conv2."), channels, channels, engine);
	}

	public Tensor apply(Tensor x) {
		Tensor y = conv1.apply(Activations.relu(norm1.apply(x)));
		return Layout.add(conv2.apply(Activations.relu(norm2.apply(y))), x);
	}
}

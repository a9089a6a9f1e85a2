package org.mambaj.nn;

import org.mambaj.core.Norms;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/** PyTorch's nn.BatchNorm2d in eval mode (running statistics), on NHWC tensors. */
public final class BatchNorm2d {

	private final float[] scale, shift;

	public BatchNorm2d(StateDict sd, int channels) {
		float[] w = sd.take("weight", channels).data(), b = sd.take("bias", channels).data();
		float[] mean = sd.take("running_mean", channels).data(), var = sd.take("running_var", channels).data();
		scale = new float[channels];
		shift = new float[channels];
		for (int i = 0; i < channels; i++) {
			scale[i] = (float) (w[i] / Math.sqrt(var[i] + 1e-5));
			shift[i] = b[i] - mean[i] * scale[i];
		}
	}

	public Tensor apply(Tensor x) {
		return Norms.scaleShift(x, scale, shift);
	}
}

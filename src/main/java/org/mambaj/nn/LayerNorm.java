package org.mambaj.nn;

import org.mambaj.core.Norms;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/** PyTorch's nn.LayerNorm over the last (channel) axis. */
public final class LayerNorm {

	/** nn.LayerNorm's default epsilon. */
	public static final float EPS = 1e-5f;

	private final float[] weight, bias;
	private final float eps;

	public LayerNorm(StateDict sd, int channels, float eps) {
		weight = sd.take("weight", channels).data();
		bias = sd.take("bias", channels).data();
		this.eps = eps;
	}

	public LayerNorm(StateDict sd, int channels) {
		this(sd, channels, EPS);
	}

	public Tensor apply(Tensor x) {
		return Norms.layerNorm(x, weight, bias, eps);
	}

	/** apply(x) * silu(z) in one pass (Mamba's and SS2D's gate after the norm). */
	public Tensor applyGated(Tensor x, Tensor z) {
		return Norms.layerNormGate(x, weight, bias, eps, z);
	}
}

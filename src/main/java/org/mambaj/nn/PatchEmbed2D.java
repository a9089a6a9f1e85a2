package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/** VMamba's patch embedding: a patch x patch convolution with equal stride, then LayerNorm (keys proj, norm). */
public final class PatchEmbed2D {

	private final Conv2d proj;
	private final LayerNorm norm;

	public PatchEmbed2D(StateDict sd, int patch, int in, int dim, Engine engine) {
		proj = new Conv2d(sd.prefixed("proj."), in, dim, patch, patch, 0, 1, true, engine);
		norm = new LayerNorm(sd.prefixed("norm."), dim);
	}

	public Tensor apply(Tensor x) {
		return norm.apply(proj.apply(x));
	}
}

package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/** VMamba's 2x downsampling: gather 2x2 neighbours, LayerNorm(4C), linear 4C -> 2C (keys norm, reduction). */
public final class PatchMerging2D {

	private final LayerNorm norm;
	private final Linear reduction;

	public PatchMerging2D(StateDict sd, int dim, Engine engine) {
		norm = new LayerNorm(sd.prefixed("norm."), 4 * dim);
		reduction = new Linear(sd.prefixed("reduction."), 4 * dim, 2 * dim, false, engine);
	}

	public Tensor apply(Tensor x) {
		return reduction.apply(norm.apply(Layout.mergePatches(x)));
	}
}

package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/** VMamba v0's visual state space block: x + SS2D(LayerNorm(x)) (keys ln_1, self_attention). NHWC. */
public final class VSSBlock {

	private final LayerNorm norm;
	private final SS2D ss2d;

	public VSSBlock(StateDict sd, int dim, int dState, Engine engine) {
		norm = new LayerNorm(sd.prefixed("ln_1."), dim);
		ss2d = new SS2D(sd.prefixed("self_attention."), dim, dState, 3, 2f, engine);
	}

	/** The {@code depth} blocks of one VMamba stage: keys blocks.0.*, blocks.1.*, ... of {@code stage}. */
	public static VSSBlock[] stack(StateDict stage, int depth, int dim, int dState, Engine engine) {
		VSSBlock[] b = new VSSBlock[depth];
		for (int j = 0; j < depth; j++) b[j] = new VSSBlock(stage.prefixed("blocks." + j + "."), dim, dState, engine);
		return b;
	}

	public Tensor apply(Tensor x) {
		return Layout.addInto(ss2d.apply(norm.apply(x)), x); // SS2D's output is new: the residual adds into it
	}
}

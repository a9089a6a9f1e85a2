package org.mambaj.nn;

import org.mambaj.core.DenseOp;
import org.mambaj.core.Engine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/** PyTorch's nn.Linear (keys {@code weight}, {@code bias}) on the last axis, run by an {@link Engine}. */
public final class Linear {

	private final DenseOp op;

	public Linear(StateDict sd, int in, int out, boolean bias, Engine engine) {
		this(sd.take("weight", out, in), bias ? sd.take("bias", out) : null, engine);
	}

	public Linear(Tensor weight, Tensor bias, Engine engine) {
		op = engine.linear(weight, bias);
	}

	public Tensor apply(Tensor x) {
		return op.apply(x);
	}
}

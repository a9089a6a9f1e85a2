package org.mambaj.core;

/** A dense layer prepared by an {@link Engine}; thread-safe. */
@FunctionalInterface
public interface DenseOp {
	Tensor apply(Tensor x);
}

package org.mambaj.core;

/** A dense layer prepared by an {@link Engine}; thread-safe. */
@FunctionalInterface
public interface DenseOp {
	Tensor apply(Tensor x);

	/**
	 * A linear layer of input width {@code in} applied to {@code rows} rows read in place from {@code a} (row r at
	 * {@code aOff + r * lda}: e.g. a column slice of a wider tensor), its rows written contiguously into
	 * {@code out} from {@code outOff}: no copy in, no copy out. This default copies both ways; the Java engine
	 * overrides it.
	 */
	default void applyRows(float[] a, int aOff, int lda, int rows, int in, float[] out, int outOff) {
		float[] x = new float[rows * in];
		for (int r = 0; r < rows; r++) System.arraycopy(a, aOff + r * lda, x, r * in, in);
		Tensor y = apply(new Tensor(x, rows, in));
		System.arraycopy(y.data(), 0, out, outOff, y.size());
	}
}

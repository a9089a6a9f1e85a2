package org.mambaj.core;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major (C) order. Deliberately small: a shape and a flat array.
 * Tensors are treated as immutable values by the ops; a layer never writes into its input.
 */
public final class Tensor {

	private final int[] shape;
	private final float[] data;

	public Tensor(float[] data, int... shape) {
		this.shape = shape.clone();
		long n = numel(shape);
		if (n != data.length) throw new IllegalArgumentException("data length " + data.length +
			" does not match shape " + Arrays.toString(shape) + " (" + n + " elements)");
		this.data = data;
	}

	public static Tensor zeros(int... shape) {
		long n = numel(shape);
		if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
		return new Tensor(new float[(int) n], shape);
	}

	public static long numel(int... shape) {
		long n = 1;
		for (int s : shape) {
			if (s < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
			n *= s;
		}
		return n;
	}

	public int[] shape() { return shape.clone(); }
	public int rank() { return shape.length; }
	/** Size of dimension {@code i}; negative indices count from the end as in PyTorch. */
	public int dim(int i) { return shape[i < 0 ? shape.length + i : i]; }
	public int size() { return data.length; }
	/** The backing array (no copy): ops read it, only the op that created a tensor writes it. */
	public float[] data() { return data; }

	public Tensor reshape(int... newShape) {
		int[] s = newShape.clone();
		int infer = -1; long known = 1;
		for (int i = 0; i < s.length; i++) {
			if (s[i] == -1) { if (infer >= 0) throw new IllegalArgumentException("two -1 in reshape"); infer = i; }
			else known *= s[i];
		}
		if (infer >= 0) s[infer] = known == 0 ? 0 : (int) (data.length / known);
		if (numel(s) != data.length) throw new IllegalArgumentException("cannot reshape " +
			Arrays.toString(shape) + " to " + Arrays.toString(newShape));
		return new Tensor(data, s);
	}

	public Tensor copy() { return new Tensor(data.clone(), shape); }

	public boolean sameShape(int... other) { return Arrays.equals(shape, other); }

	public String shapeString() { return Arrays.toString(shape); }

	@Override
	public String toString() { return "Tensor" + Arrays.toString(shape); }
}

package org.mambaj.core;

import java.util.Arrays;

/** Shape checks with messages that name what was expected and what came. */
public final class Shapes {

	private Shapes() {}

	public static void requireRank(String what, Tensor t, int rank) {
		if (t == null) throw new IllegalArgumentException(what + " is missing");
		if (t.rank() != rank) throw new IllegalArgumentException(
			what + " must have rank " + rank + ", got shape " + t.shapeString());
	}

	/** Checks the shape of an optional tensor (null passes). */
	public static void requireShape(String what, Tensor t, int... shape) {
		if (t != null && !t.sameShape(shape)) throw new IllegalArgumentException(
			what + " must have shape " + Arrays.toString(shape) + ", got " + t.shapeString());
	}

	/** Output size of a convolution or pooling window, as PyTorch computes it (floor). */
	public static int convOut(int in, int kernel, int stride, int pad) {
		// checked before dividing: Java's division truncates toward zero, so (-2) / 4 + 1 would give 1
		if (stride < 1) throw new IllegalArgumentException("stride must be at least 1, got " + stride);
		if (in + 2 * pad < kernel) throw new IllegalArgumentException("input size " + in +
			" is too small for a window of " + kernel + " with stride " + stride + " and padding " + pad);
		return (in + 2 * pad - kernel) / stride + 1;
	}

	/** Checks a PyTorch conv2d weight [Cout, Cin/groups, kh, kw], its bias, stride, padding and groups. */
	public static void requireConv2d(Tensor weight, Tensor bias, int stride, int padding, int groups) {
		requireConv2d(weight, bias, stride, stride, padding, padding, groups);
	}

	/** The same with a stride and a padding per axis. */
	public static void requireConv2d(Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW,
		int groups)
	{
		requireRank("conv2d weight", weight, 4);
		int cout = weight.dim(0);
		requireShape("conv2d bias", bias, cout);
		if (groups < 1 || cout % groups != 0) throw new IllegalArgumentException(
			"conv2d: " + cout + " output channels cannot be split into " + groups + " groups");
		if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0) throw new IllegalArgumentException(
			"conv2d: strides must be >= 1 and paddings >= 0, got stride " + strideH + "x" + strideW + ", padding " +
			padH + "x" + padW);
	}
}

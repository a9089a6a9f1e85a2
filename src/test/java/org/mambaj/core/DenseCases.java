package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

/** The dense-layer shapes every engine must agree on, with random weights and inputs. */
final class DenseCases {

	/** A layer (linear when stride == 0) and one input for it. */
	record Case(String name, Tensor weight, Tensor bias, int stride, int padding, int groups, Tensor input) {

		DenseOp build(Engine engine) {
			return stride == 0 ? engine.linear(weight, bias) : engine.conv2d(weight, bias, stride, padding, groups);
		}

		@Override
		public String toString() {
			return name;
		}
	}

	private DenseCases() {}

	static List<Case> all() {
		Random random = new Random(42);
		return List.of(
			linear(random, "linear rank 2 with bias", 24, 40, true, 7, 24),
			linear(random, "linear rank 4 without bias", 24, 40, false, 2, 3, 5, 24),
			linear(random, "linear rank 4 with bias", 16, 8, true, 1, 4, 4, 16),
			conv(random, "conv 3x3 pad 1", 12, 8, 3, 1, 1, 1, true, 1, 9, 11, 8),
			conv(random, "conv 3x3 pad 1, 16 to 16 channels (one 512-bit panel)", 16, 16, 3, 1, 1, 1, true, 1, 13, 11, 16),
			conv(random, "conv 3x3 stride 2 pad 1, odd size, batch 2", 6, 5, 3, 2, 1, 1, true, 2, 13, 9, 5),
			conv(random, "patch embedding 4x4 stride 4", 16, 3, 4, 4, 0, 1, true, 1, 16, 20, 3),
			conv(random, "patch embedding 4x4 stride 4, odd size", 16, 3, 4, 4, 0, 1, false, 1, 17, 19, 3),
			conv(random, "conv 1x1, batch 2", 8, 16, 1, 1, 0, 1, true, 2, 5, 7, 16),
			conv(random, "depthwise 3x3, batch 2", 12, 12, 3, 1, 1, 12, true, 2, 9, 10, 12),
			conv(random, "depthwise 3x3 stride 2, odd size", 12, 12, 3, 2, 1, 12, false, 1, 11, 13, 12),
			// 40 channels: whole vectors and a scalar tail at any vector width, in windows inside and across the border
			conv(random, "depthwise 3x3, 40 channels", 40, 40, 3, 1, 1, 40, true, 1, 6, 7, 40),
			conv(random, "depthwise 7x7 stride 2 pad 3, 40 channels", 40, 40, 7, 2, 3, 40, false, 1, 9, 8, 40),
			conv(random, "grouped 3x3, 2 groups, batch 2", 6, 8, 3, 1, 1, 2, true, 2, 7, 9, 8),
			conv(random, "grouped 1x1, 4 groups", 8, 8, 1, 1, 0, 4, false, 1, 5, 5, 8));
	}

	static Case linear(Random random, String name, int in, int out, boolean bias, int... inputShape) {
		return new Case(name, random(random, out, in), bias ? random(random, out) : null, 0, 0, 1,
			random(random, inputShape));
	}

	static Case conv(Random random, String name, int cout, int cin, int k, int stride, int pad, int groups, boolean bias,
		int... inputShape)
	{
		return new Case(name, random(random, cout, cin / groups, k, k), bias ? random(random, cout) : null, stride, pad,
			groups, random(random, inputShape));
	}

	static Tensor random(Random random, int... shape) {
		Tensor t = Tensor.zeros(shape);
		float[] d = t.data();
		for (int i = 0; i < d.length; i++) d[i] = (float) random.nextGaussian();
		return t;
	}

	/** Same shape, and max |actual - expected| at most {@code tolerance} times max |expected|. */
	static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
		assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
		double maxDiff = 0, maxRef = 1e-30;
		for (int i = 0; i < expected.size(); i++) {
			maxDiff = Math.max(maxDiff, Math.abs(expected.data()[i] - actual.data()[i]));
			maxRef = Math.max(maxRef, Math.abs(expected.data()[i]));
		}
		double relative = maxDiff / maxRef;
		assertTrue(relative <= tolerance, what + ": relative max error " + relative + " > " + tolerance);
	}
}

package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The fused passes U-Mamba and nnU-Net run (InstanceNorm + LeakyReLU, add + LeakyReLU) equal the separate ops, and
 * the threaded InstanceNorm gives the same bits on any thread count (its partial sums are split by position, not
 * by thread). The separate ops are checked against PyTorch in {@link ArchOpsParityTest}.
 */
class FusedNormTest {

	private static final float SLOPE = 0.01f;

	@Test
	void instanceNormLeakyReluEqualsTheTwoOps() {
		// 2 images of 97x61 positions: more than one partial-sum chunk each
		Tensor x = random(new int[] { 2, 97, 61, 5 }, 1);
		float[] w = random(new int[] { 5 }, 2).data(), b = random(new int[] { 5 }, 3).data();
		Tensor separate = Activations.leakyRelu(Norms.instanceNorm(x, w, b, 1e-5f), SLOPE);
		assertArrayEquals(separate.data(), Norms.instanceNormLeakyRelu(x, w, b, 1e-5f, SLOPE).data());
	}

	@Test
	void instanceNormIsTheSameOnAnyThreadCount() throws IOException {
		Tensor x = random(new int[] { 1, 130, 129, 3 }, 4);
		try (Parallel one = new Parallel(1); Parallel three = new Parallel(3)) {
			float[] a = one.call(() -> Norms.instanceNorm(x, null, null, 1e-5f)).data();
			float[] b = three.call(() -> Norms.instanceNorm(x, null, null, 1e-5f)).data();
			assertArrayEquals(a, b);
		}
	}

	@Test
	void vectorChannelKernelsMatchScalar() {
		for (int c : new int[] { 3, 16, 40, 64 }) { // below, at and above one vector, with a scalar tail
			int rows = 37;
			float[] x = random(new int[] { rows, c }, c).data();
			double[] s1 = new double[c], q1 = new double[c], s2 = new double[c], q2 = new double[c];
			Kernels.scalar().channelSums(x, 2 * c, rows - 2, c, s1, q1);
			Kernels.best().channelSums(x, 2 * c, rows - 2, c, s2, q2);
			assertArrayEquals(s1, s2, 1e-9, "sums, " + c + " channels");
			assertArrayEquals(q1, q2, 1e-9, "sums of squares, " + c + " channels");
			float[] mean = random(new int[] { c }, 7).data(), scale = random(new int[] { c }, 8).data(),
				shift = random(new int[] { c }, 9).data();
			float[] y1 = new float[x.length], y2 = new float[x.length];
			// from an offset that is not a whole number of rows, as a linear layer writing into a larger buffer
			Kernels.scalar().channelAffine(x, y1, 3, rows - 1, c, mean, scale, shift, SLOPE);
			Kernels.best().channelAffine(x, y2, 3, rows - 1, c, mean, scale, shift, SLOPE);
			assertArrayEquals(y1, y2, "affine + LeakyReLU, " + c + " channels");
		}
	}

	@Test
	void addLeakyReluEqualsTheTwoOps() {
		Tensor a = random(new int[] { 1, 40, 50, 7 }, 5), b = random(new int[] { 1, 40, 50, 7 }, 6);
		assertArrayEquals(Activations.leakyRelu(Layout.add(a, b), SLOPE).data(), Activations.addLeakyRelu(a, b, SLOPE).data());
	}

	private static Tensor random(int[] shape, long seed) {
		Random r = new Random(seed);
		int n = 1;
		for (int d : shape) n *= d;
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 3 + 1);
		return new Tensor(v, shape);
	}
}

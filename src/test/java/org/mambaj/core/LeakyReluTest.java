package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * LeakyReLU on its own: the vector kernel gives the scalar kernel's bits (signed zeros and NaN included), the op
 * gives hand-computed values on both sides of zero, and slopes the vector form cannot follow are refused.
 * PyTorch parity: {@link ArchOpsParityTest}.
 */
class LeakyReluTest {

	private static final float[] SLOPES = { 0f, 0.01f, 0.2f, 0.5f, 1f };

	@Test
	void vectorKernelMatchesScalar() {
		Random random = new Random(11);
		float[] specials = { -0f, 0f, Float.NaN, Float.NEGATIVE_INFINITY, -Float.MIN_VALUE, Float.MIN_VALUE,
			-Float.MAX_VALUE, Float.MAX_VALUE, 1e-30f, -1e-30f };
		// lengths below, at and above a vector of any width, from offsets that are not a whole vector
		for (int n : new int[] { 1, 7, 16, 33, 100, 517 })
			for (int from : new int[] { 0, 3 })
				for (float slope : SLOPES) {
					float[] in = new float[from + n];
					for (int i = 0; i < in.length; i++) in[i] = (float) (random.nextGaussian() * 4);
					for (int i = 0; i < specials.length && from + i * 3 < in.length; i++) in[from + i * 3] = specials[i];
					if (n > 2) in[from + n - 2] = Float.POSITIVE_INFINITY; // slope 0 too: +inf, never 0 * inf
					float[] scalar = new float[in.length], vector = new float[in.length];
					Kernels.scalar().leaky(in, scalar, slope, from, from + n);
					Kernels.best().leaky(in, vector, slope, from, from + n);
					assertArrayEquals(scalar, vector, Kernels.best().name() + ", " + n + " values from " + from + ", slope " + slope);
				}
	}

	@Test
	void knownValues() {
		// slope 1/4: every product is exact, so the expected values are exact too
		float[] in = { -8f, -2f, -0.5f, -0f, 0f, 0.5f, 3f, -1e-3f };
		float[] expected = { -2f, -0.5f, -0.125f, -0f, 0f, 0.5f, 3f, -2.5e-4f };
		assertArrayEquals(expected, Activations.leakyRelu(new Tensor(in, new int[] { 2, 4 }), 0.25f).data());
		assertArrayEquals(new float[] { -0f, -0f, 0f, 3f }, Activations.leakyRelu(new Tensor(new float[] { -5f, -0f, 0f, 3f },
			new int[] { 4 }), 0f).data(), "slope 0 is ReLU, with PyTorch's -0 for negative inputs");
		// slope 0 on whole vectors: +inf stays +inf (max(v, 0 * v) would give NaN), alone and in a residual join
		float[] wide = new float[40], zeros = new float[40], wideExpected = new float[40];
		for (int i = 0; i < wide.length; i++) {
			wide[i] = i % 3 == 0 ? Float.POSITIVE_INFINITY : i % 3 == 1 ? -2f : Float.NaN;
			wideExpected[i] = i % 3 == 0 ? Float.POSITIVE_INFINITY : i % 3 == 1 ? -0f : Float.NaN;
		}
		assertArrayEquals(wideExpected, Activations.leakyRelu(new Tensor(wide.clone(), new int[] { 40 }), 0f).data());
		assertArrayEquals(wideExpected, Activations.addLeakyRelu(new Tensor(wide, new int[] { 40 }),
			new Tensor(zeros, new int[] { 40 }), 0f).data());
		// ReLU keeps NaN, as PyTorch does (a NaN must not turn into a plausible 0)
		assertArrayEquals(new float[] { 0f, 0f, Float.NaN, 2f, Float.POSITIVE_INFINITY }, Activations.relu(new Tensor(
			new float[] { -1f, Float.NEGATIVE_INFINITY, Float.NaN, 2f, Float.POSITIVE_INFINITY }, new int[] { 5 })).data());

		// a tensor longer than one 4096-value block, so that several blocks and vectors run
		int n = 3 * 4096 + 37;
		float[] big = new float[n], bigExpected = new float[n];
		for (int i = 0; i < n; i++) {
			big[i] = (i % 7 - 3) * 0.5f;
			bigExpected[i] = big[i] < 0 ? big[i] / 4 : big[i];
		}
		assertArrayEquals(bigExpected, Activations.leakyRelu(new Tensor(big, new int[] { n }), 0.25f).data());
	}

	@Test
	void slopesOutsideZeroToOneAreRefused() {
		Tensor x = new Tensor(new float[] { -1f, 1f }, new int[] { 2 });
		for (float slope : new float[] { -0.1f, 1.5f, Float.NaN }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.leakyRelu(x, slope));
			assertTrue(e.getMessage().contains("slope must be in [0, 1]"), e.getMessage());
		}
	}
}

package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jdk.incubator.vector.FloatVector;

/** The scan's vector softplus (of the sum of two arrays) against PyTorch's formula in double, over its whole range: within 3 ulp (exp 1, log 1, the correction 0.5). */
class VectorSoftplusTest {

	@Test
	void withinThreeUlpsOfLog1pExp() {
		int v = FloatVector.SPECIES_PREFERRED.length(), n = (int) (135f / 0.0037f) / v * v;
		// x = -95 + 0.0037 i as the sum of two halves: the kernel adds its second input (delta_bias) first
		float[] x = new float[n], half = new float[n], y = new float[n];
		for (int i = 0; i < n; i++) {
			x[i] = -95f + i * 0.0037f;
			half[i] = x[i] / 2; // x / 2 + x / 2 == x exactly
		}
		VectorMath.softplus(half, 0, half, 0, y, 0, n);
		double worst = 0;
		float at = 0;
		for (int i = 0; i < n; i++) {
			double exact = x[i] > 20f ? x[i] : Math.log1p(Math.exp(x[i]));
			// below -87.3 exp is clamped to 1.2e-38 (see VectorMath): an absolute error of that size
			double err = Math.abs(y[i] - exact) / Math.max(Math.ulp((float) exact), Float.MIN_NORMAL);
			if (x[i] > -87f && err > worst) {
				worst = err;
				at = x[i];
			}
			assertTrue(Math.abs(y[i] - exact) <= Math.max(3 * Math.ulp((float) exact), 2 * Float.MIN_NORMAL),
				"softplus(" + x[i] + ") = " + y[i] + ", expected " + exact);
		}
		assertTrue(worst <= 3, "worst error " + worst + " ulp at " + at);
		// in place (out = x), as the scan runs it
		VectorMath.softplus(half, 0, new float[n], 0, half, 0, n);
		float[] again = x.clone();
		for (int i = 0; i < n; i++) again[i] = x[i] / 2;
		VectorMath.softplus(again, 0, new float[n], 0, y, 0, n);
		assertArrayEquals(y, half);
	}
}

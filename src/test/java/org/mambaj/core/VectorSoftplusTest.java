package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jdk.incubator.vector.FloatVector;

/** The scan's vector softplus against PyTorch's formula in double, over its whole range: within 3 ulp (exp 1, log 1, the correction 0.5). */
class VectorSoftplusTest {

	@Test
	void withinThreeUlpsOfLog1pExp() {
		int v = FloatVector.SPECIES_PREFERRED.length();
		float[] x = new float[v], y = new float[v];
		double worst = 0;
		float at = 0;
		for (float start = -95f; start < 40f; start += v * 0.0037f) {
			for (int i = 0; i < v; i++) x[i] = start + i * 0.0037f;
			VectorMath.softplus(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
			for (int i = 0; i < v; i++) {
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
		}
		assertTrue(worst <= 3, "worst error " + worst + " ulp at " + at);
	}
}

package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The scan's 2^x (its decay exp(delta A) with A log2 e) against Math.pow in double over the range the scan uses. */
class VectorExp2Test {

	private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

	@Test
	void withinTwoUlpsDownToTheSmallestNormal() {
		int v = S.length();
		float[] x = new float[v], y = new float[v];
		double worst = 0;
		for (float start = -126f; start <= 0f; start += v * 0.00137f) {
			for (int i = 0; i < v; i++) x[i] = Math.min(0f, start + i * 0.00137f);
			VectorMath.exp2(FloatVector.fromArray(S, x, 0)).intoArray(y, 0);
			for (int i = 0; i < v; i++) {
				double exact = Math.pow(2, x[i]);
				worst = Math.max(worst, Math.abs(y[i] - exact) / Math.ulp((float) exact));
			}
		}
		assertTrue(worst <= 2, "worst error " + worst + " ulp");
	}

	@Test
	void clampedBelowTheSmallestNormalAndExactAtIntegers() {
		float[] x = new float[S.length()], y = new float[S.length()];
		java.util.Arrays.fill(x, -1000f);
		x[0] = 0f;
		x[1] = -1f;
		x[2] = -126f;
		VectorMath.exp2(FloatVector.fromArray(S, x, 0)).intoArray(y, 0);
		assertEquals(1f, y[0]);
		assertEquals(0.5f, y[1]);
		assertEquals(Float.MIN_NORMAL, y[2]);
		assertEquals(Float.MIN_NORMAL, y[3], "clamped, not a denormal or 0");
	}
}

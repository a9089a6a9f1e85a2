package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The auto-vectorizable exp and softplus of the scans against java.lang.Math. */
class ScalarMathTest {

	@Test
	void expMatchesMathExpToATenthOfAFloatUlpOverTheScansRange() {
		double worst = 0;
		for (double x = -88; x <= 0; x += 0.0137) {
			double got = ScalarMath.expScaled(x * ScalarMath.EXP_SCALE), want = Math.exp(x);
			worst = Math.max(worst, Math.abs(got - want) / want);
		}
		assertTrue(worst < 1e-8, "worst relative error " + worst);
	}

	@Test
	void expOfHugeNegativeArgumentsIsTinyAndFinite() {
		for (double x : new double[] { -89, -1e4, -1e30, -Double.MAX_VALUE }) {
			double got = ScalarMath.expScaled(x * ScalarMath.EXP_SCALE);
			assertTrue(got >= 0 && got < 1e-38, x + " -> " + got);
		}
	}

	@Test
	void softplusMatchesPyTorchsDefinition() {
		double[] xs = new double[4001];
		for (int i = 0; i < xs.length; i++) xs[i] = -100 + i * 0.05;
		double[] got = xs.clone();
		ScalarMath.softplus(got, got.length);
		for (int i = 0; i < xs.length; i++) {
			double want = xs[i] > 20 ? xs[i] : Math.log1p(Math.exp(xs[i]));
			assertEquals(want, got[i], Math.max(1e-12, 1e-9 * want), "softplus(" + xs[i] + ")");
		}
	}
}

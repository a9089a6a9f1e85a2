package org.mambaj.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The streaming percentiles equal, bit for bit, NumPy's 'linear' percentiles of a sorted copy (the way MambaJ
 * computed them before, kept here as the reference) for 8-bit, 16-bit and float data.
 */
class PercentilesTest {

	private static final double[] QS = { 0, 0.5, 1, 2.5, 33.3, 50, 97.5, 99.5, 99.8, 100 };

	/** The former implementation: sort a float copy, interpolate in double. */
	private static double sorted(float[] values, double q) {
		float[] s = values.clone();
		Arrays.sort(s);
		double pos = q / 100.0 * (s.length - 1);
		int i = (int) Math.floor(pos);
		if (i >= s.length - 1) return s[s.length - 1];
		double f = pos - i;
		return s[i] + (s[i + 1] - (double) s[i]) * f;
	}

	private static void assertExact(float[] values, int channels, int h, int w) {
		Plane p = new Plane(values, channels, h, w);
		double[] got = Percentiles.of(p, QS);
		for (int k = 0; k < QS.length; k++)
			assertEquals(sorted(values, QS[k]), got[k], 0.0, "percentile " + QS[k] + " of " + p);
	}

	@Test
	void eightBitValuesGiveExactOrderStatistics() {
		Random r = new Random(1);
		float[] v = new float[3 * 37 * 53];
		for (int i = 0; i < v.length; i++) v[i] = r.nextInt(256);
		assertExact(v, 3, 37, 53);
		Raster bytes = Raster.bytes(2, 3, new byte[] { (byte) 255, 0, 7, 7, (byte) 200, 1 });
		double[] p = Percentiles.of(bytes, 0, 50, 100);
		assertEquals(0, p[0]);
		assertEquals(7, p[1]);
		assertEquals(255, p[2]);
	}

	@Test
	void sixteenBitAndSkewedValuesGiveExactOrderStatistics() {
		Random r = new Random(2);
		float[] v = new float[61 * 47];
		for (int i = 0; i < v.length; i++) v[i] = i % 5 == 0 ? 65535 - r.nextInt(3) : r.nextInt(300); // mostly dark, a few saturated
		assertExact(v, 1, 61, 47);
	}

	@Test
	void floatValuesOfEverySignAndScaleGiveExactOrderStatistics() {
		Random r = new Random(3);
		float[] v = new float[2 * 41 * 43];
		for (int i = 0; i < v.length; i++) {
			v[i] = switch (i % 6) {
				case 0 -> (float) r.nextGaussian();
				case 1 -> (float) (r.nextGaussian() * 1e-30);
				case 2 -> -0f;
				case 3 -> 0f;
				case 4 -> (float) (r.nextDouble() * 1e6 - 5e5);
				default -> i % 12 == 5 ? Float.NEGATIVE_INFINITY : 3.25f;
			};
		}
		assertExact(v, 2, 41, 43);
		// values that differ only in their low 16 bits share a first-pass bucket
		float[] close = new float[500];
		for (int i = 0; i < close.length; i++) close[i] = Float.intBitsToFloat(Float.floatToIntBits(1f) + r.nextInt(40));
		assertExact(close, 1, 20, 25);
	}

	@Test
	void oneValueAndConstantImages() {
		assertExact(new float[] { 4.5f }, 1, 1, 1);
		float[] same = new float[64];
		Arrays.fill(same, -2f);
		assertExact(same, 1, 8, 8);
	}

	@Test
	void nanIsRefused() {
		float[] v = new float[16];
		v[9] = Float.NaN;
		var e = assertThrows(IllegalArgumentException.class, () -> Normalization.percentiles(new Plane(v, 1, 4, 4), 1, 99, 1e-6));
		assertEquals("the image contains NaN values", e.getMessage());
	}
}

package org.mambaj.core;

/**
 * exp and softplus for the plain-Java scan (and softplus for the vector scan too), in a form HotSpot's C2
 * auto-vectorizes: only double adds, multiplies, FMAs and max on contiguous arrays. The usual 2^n * p(r) split
 * needs float/int bit reinterpretation, which JDK 17's SuperWord leaves scalar (measured: no vector instruction in
 * the loop, 8x slower), so the range is reduced by squaring instead: exp(x) = exp(x / 128)^128. In double that
 * keeps the error below 4e-9 relative, inside fp32's 6e-8.
 */
final class ScalarMath {

	/** Arguments of {@link #expScaled} are x / 128: the scan stores A pre-multiplied by this. */
	static final double EXP_SCALE = 1.0 / 128;

	/** x / 128 is clamped here: exp(-88.7) = 3e-39, below fp32's smallest normal, where the clamp is harmless. */
	private static final double MIN_SCALED = -88.7 / 128;

	private ScalarMath() {}

	/**
	 * exp(128 s) for s <= 0: Taylor degree 11 of exp(s) on [-0.7, 0] (remainder below 3e-11 before the
	 * squarings, about 128 times that after: 4e-9 relative, a tenth of an fp32 ulp), then seven squarings. No branches, no calls.
	 */
	static double expScaled(double s) {
		s = Math.max(s, MIN_SCALED);
		double e = Math.fma(s, 1.0 / 39916800, 1.0 / 3628800);
		e = Math.fma(e, s, 1.0 / 362880);
		e = Math.fma(e, s, 1.0 / 40320);
		e = Math.fma(e, s, 1.0 / 5040);
		e = Math.fma(e, s, 1.0 / 720);
		e = Math.fma(e, s, 1.0 / 120);
		e = Math.fma(e, s, 1.0 / 24);
		e = Math.fma(e, s, 1.0 / 6);
		e = Math.fma(e, s, 0.5);
		e = Math.fma(e, s, 1.0);
		e = Math.fma(e, s, 1.0);
		e *= e; e *= e; e *= e; e *= e; e *= e; e *= e; e *= e;
		return e;
	}

	/**
	 * PyTorch's softplus (beta 1, threshold 20) of x[0..n), in place: max(x, 0) + log1p(exp(-|x|)), with
	 * log1p(z) = 2 atanh(z / (2 + z)) as an odd series (z in (0, 1], so the ratio is at most 1/3 and ten terms
	 * reach 1e-11). PyTorch returns x itself above 20, where this differs from x by at most 2e-9: no branch needed
	 * (C2 does not vectorize one).
	 */
	static void softplus(double[] x, int n) {
		for (int i = 0; i < n; i++) {
			double v = x[i];
			double z = expScaled(-Math.abs(v) * EXP_SCALE);
			double q = z / (2 + z), q2 = q * q;
			double s = Math.fma(q2, 1.0 / 19, 1.0 / 17);
			s = Math.fma(s, q2, 1.0 / 15);
			s = Math.fma(s, q2, 1.0 / 13);
			s = Math.fma(s, q2, 1.0 / 11);
			s = Math.fma(s, q2, 1.0 / 9);
			s = Math.fma(s, q2, 1.0 / 7);
			s = Math.fma(s, q2, 1.0 / 5);
			s = Math.fma(s, q2, 1.0 / 3);
			s = Math.fma(s, q2, 1.0);
			x[i] = Math.max(v, 0) + 2 * q * s;
		}
	}
}

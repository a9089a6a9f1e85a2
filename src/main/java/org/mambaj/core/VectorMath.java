package org.mambaj.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise activations on float vectors, built on a polynomial exp: 2^n e^r (Cody-Waite split of ln 2,
 * Cephes' degree-6 polynomial), within 1 ulp of Math.exp on [-87.3, 88] (clamped outside: exp(-100) gives
 * 1.2e-38, exp(100) gives 1.6e38, which change sigmoid, SiLU and GELU by less than 1e-37). JDK 17's SVML exp
 * is slower here and takes a slow path for underflowing arguments. The scan's decay uses {@link #exp2} instead.
 */
final class VectorMath {

	private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
	private static final int V = S.length();
	static final float LOG2E = 1.44269504088896341f;
	private static final float ROUND = 12582912f; // 1.5 * 2^23: rounds to integer
	private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f, LO = -87.33654f, HI = 88f;

	/** Int lanes of S's shape, for reinterpreting float bits. */
	private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());

	private VectorMath() {}

	/*
	 * Reinterpretation between float and int lanes with the target species named, not looked up: reinterpretAsInts()
	 * and reinterpretAsFloats() (and convert(I2F)) find theirs in a lazily filled cache, and where C2 compiled a
	 * caller before that entry was filled it could not make the reinterpretation one instruction: that compiled
	 * code ran it in Java through a ByteBuffer, allocating on every call. It depended on the run: VM-UNet took
	 * 400-430 ms in some JVMs and 470-515 ms in others (BENCHMARKS.md, session 13).
	 */
	static IntVector bits(FloatVector v) {
		return (IntVector) v.reinterpretShape(I, 0);
	}

	static FloatVector floats(IntVector v) {
		return (FloatVector) v.reinterpretShape(S, 0);
	}

	/** 2^f on [-1/2, 1/2]: degree 6, coefficients fitted for relative error (2e-9 exact, 1.5 ulps in float). */
	private static final float EXP2_P6 = 1.53457411e-4f, EXP2_P5 = 1.33999041e-3f, EXP2_P4 = 9.61848907e-3f,
		EXP2_P3 = 5.55032901e-2f, EXP2_P2 = 2.40226462e-1f, EXP2_P1 = 6.93147182e-1f, EXP2_LO = -126f;

	/**
	 * 2^x for x <= 0 (the scan's decay with A log2 e): 2^round(x) 2^f, the power by adding round(x) to the exponent
	 * bits. Below -126 it returns 2^-126 (1.2e-38) instead of a denormal or 0.
	 */
	static FloatVector exp2(FloatVector x) {
		x = x.max(EXP2_LO);
		FloatVector t = x.add(ROUND), f = x.sub(t.sub(ROUND));
		FloatVector e = f.fma(FloatVector.broadcast(S, EXP2_P6), FloatVector.broadcast(S, EXP2_P5));
		e = e.fma(f, FloatVector.broadcast(S, EXP2_P4));
		e = e.fma(f, FloatVector.broadcast(S, EXP2_P3));
		e = e.fma(f, FloatVector.broadcast(S, EXP2_P2));
		e = e.fma(f, FloatVector.broadcast(S, EXP2_P1));
		e = e.fma(f, FloatVector.broadcast(S, 1f));
		return floats(bits(e).add(bits(t).lanewise(VectorOperators.LSHL, 23)));
	}

	static FloatVector exp(FloatVector x) {
		x = x.blend(LO, x.compare(VectorOperators.LT, LO)).blend(HI, x.compare(VectorOperators.GT, HI));
		FloatVector t = x.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND));
		FloatVector n = t.sub(ROUND);
		FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
		r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
		FloatVector p = r.fma(FloatVector.broadcast(S, 1.9875691500e-4f), FloatVector.broadcast(S, 1.3981999507e-3f));
		p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
		p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
		p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
		p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
		p = p.fma(r.mul(r), r).add(1f);
		return p.mul(floats(bits(t).lanewise(VectorOperators.LSHL, 23).add(127 << 23)));
	}

	static void sigmoid(float[] in, float[] out, int from, int to) {
		int i = from;
		for (; i + V <= to; i += V) {
			FloatVector v = FloatVector.fromArray(S, in, i);
			FloatVector.broadcast(S, 1f).div(exp(v.neg()).add(1f)).intoArray(out, i);
		}
		for (; i < to; i++) out[i] = Activations.sigmoid(in[i]);
	}

	static void silu(float[] in, float[] out, int from, int to) {
		int i = from;
		for (; i + V <= to; i += V) {
			FloatVector v = FloatVector.fromArray(S, in, i);
			v.div(exp(v.neg()).add(1f)).intoArray(out, i);
		}
		for (; i < to; i++) out[i] = Activations.silu(in[i]);
	}

	/** a * silu(b). */
	static void mulSilu(float[] a, float[] b, float[] out, int from, int to) {
		int i = from;
		for (; i + V <= to; i += V) {
			FloatVector v = FloatVector.fromArray(S, b, i);
			v.div(exp(v.neg()).add(1f)).mul(FloatVector.fromArray(S, a, i)).intoArray(out, i);
		}
		for (; i < to; i++) out[i] = a[i] * Activations.silu(b[i]);
	}

	/** Exact (erf) GELU with the same erfc fit as {@link Activations#erf}, in float. */
	static void gelu(float[] in, float[] out, int from, int to) {
		int i = from;
		for (; i + V <= to; i += V) {
			FloatVector v = FloatVector.fromArray(S, in, i);
			FloatVector z = v.mul(0.7071067811865476f).abs();
			FloatVector t = FloatVector.broadcast(S, 1f).div(z.fma(FloatVector.broadcast(S, 0.5f), FloatVector.broadcast(S, 1f)));
			FloatVector q = t.fma(FloatVector.broadcast(S, 0.17087277f), FloatVector.broadcast(S, -0.82215223f));
			q = q.fma(t, FloatVector.broadcast(S, 1.48851587f));
			q = q.fma(t, FloatVector.broadcast(S, -1.13520398f));
			q = q.fma(t, FloatVector.broadcast(S, 0.27886807f));
			q = q.fma(t, FloatVector.broadcast(S, -0.18628806f));
			q = q.fma(t, FloatVector.broadcast(S, 0.09678418f));
			q = q.fma(t, FloatVector.broadcast(S, 0.37409196f));
			q = q.fma(t, FloatVector.broadcast(S, 1.00002368f));
			q = q.fma(t, FloatVector.broadcast(S, -1.26551223f));
			// erfc(|x|) = t exp(-z^2 + q); GELU = v (1 + erf) / 2 = v (1 - erfc / 2) for v >= 0, v erfc / 2 below
			FloatVector half = t.mul(exp(z.mul(z).neg().add(q))).mul(0.5f);
			FloatVector factor = half.neg().add(1f).blend(half, v.compare(VectorOperators.LT, 0f));
			v.mul(factor).intoArray(out, i);
		}
		for (; i < to; i++) out[i] = Activations.gelu(in[i]);
	}

	/** LayerNorm of rows [r0, r1) of width c (c >= V): vector sums for the mean and the variance. */
	static void layerNorm(float[] in, float[] out, int c, float[] weight, float[] bias, float eps, int r0, int r1) {
		int cv = c - c % V;
		for (int r = r0; r < r1; r++) {
			int o = r * c;
			FloatVector acc = FloatVector.zero(S);
			for (int i = 0; i < cv; i += V) acc = acc.add(FloatVector.fromArray(S, in, o + i));
			float sum = acc.reduceLanes(VectorOperators.ADD);
			for (int i = cv; i < c; i++) sum += in[o + i];
			float mean = sum / c;
			FloatVector m = FloatVector.broadcast(S, mean), sq = FloatVector.zero(S);
			for (int i = 0; i < cv; i += V) {
				FloatVector d = FloatVector.fromArray(S, in, o + i).sub(m);
				sq = d.fma(d, sq);
			}
			float var = sq.reduceLanes(VectorOperators.ADD);
			for (int i = cv; i < c; i++) var += (in[o + i] - mean) * (in[o + i] - mean);
			float inv = (float) (1.0 / Math.sqrt(var / c + eps));
			for (int i = 0; i < cv; i += V)
				FloatVector.fromArray(S, in, o + i).sub(m).mul(inv).fma(FloatVector.fromArray(S, weight, i), FloatVector.fromArray(S, bias, i))
					.intoArray(out, o + i);
			for (int i = cv; i < c; i++) out[o + i] = (in[o + i] - mean) * inv * weight[i] + bias[i];
		}
	}
}

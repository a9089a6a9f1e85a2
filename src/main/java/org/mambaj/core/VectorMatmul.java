package org.mambaj.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A B on packed B: B's columns in panels of P = 2V, each panel stored k-major and zero-padded, so the
 * micro-kernel streams it contiguously. A panel (k * P floats: 24 KiB at k = 192) stays in L1 while all row
 * blocks of a thread's rows pass over it. Eight rows by two vectors: 16 accumulators in registers, 16 FMAs per
 * two loads and eight broadcasts.
 *
 * A B of at most V columns (the 16-channel convolutions of U-Mamba's and nnU-Net's full-resolution stage) is
 * packed in one panel of width V instead, with an eight-rows-by-one-vector kernel: a panel of 2V would be half
 * zeros and half of its multiply-adds wasted.
 *
 * Written flat on purpose: vectors never cross a call or merge at a branch (C2 on JDK 17 then falls back to
 * lane-by-lane Java); the last, partial panel is stored through a buffer.
 */
final class VectorMatmul {

	private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
	private static final int V = S.length(), P = 2 * V, R = 8;

	private VectorMatmul() {}

	/** Row-major B [k][n] -> panels [ceil(n / P)][k][P], or one panel [k][V] when n <= V. */
	static float[] pack(float[] b, int k, int n) {
		int width = n <= V ? V : P, panels = (n + width - 1) / width;
		float[] out = new float[panels * k * width];
		for (int p = 0; p < panels; p++) {
			int j0 = p * width, cols = Math.min(width, n - j0);
			for (int kk = 0; kk < k; kk++) System.arraycopy(b, kk * n + j0, out, (p * k + kk) * width, cols);
		}
		return out;
	}

	static void rows(float[] a, int aOff, int lda, float[] bp, float[] c, int cOff, int m0, int m1, int k, int n) {
		float[] buf = new float[R * P];
		if (n <= V) {
			int i = m0;
			for (; i + R <= m1; i += R) narrowBlock8(a, aOff + i * lda, lda, bp, c, cOff + i * n, n, k, buf);
			for (; i < m1; i++) narrowRow1(a, aOff + i * lda, bp, c, cOff + i * n, k, n, buf);
			return;
		}
		for (int j = 0, p0 = 0; j < n; j += P, p0 += k * P) {
			int cols = Math.min(P, n - j), i = m0;
			for (; i + R <= m1; i += R) block8(a, aOff + i * lda, lda, bp, p0, c, cOff + i * n + j, n, k, cols, buf);
			for (; i < m1; i++) row1(a, aOff + i * lda, bp, p0, c, cOff + i * n + j, k, cols, buf);
		}
	}

	private static void block8(float[] a, int a0, int lda, float[] bp, int p0, float[] c, int c0, int n, int k, int cols,
		float[] buf)
	{
		int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
		FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s10 = FloatVector.zero(S), s11 = FloatVector.zero(S);
		FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s30 = FloatVector.zero(S), s31 = FloatVector.zero(S);
		FloatVector s40 = FloatVector.zero(S), s41 = FloatVector.zero(S), s50 = FloatVector.zero(S), s51 = FloatVector.zero(S);
		FloatVector s60 = FloatVector.zero(S), s61 = FloatVector.zero(S), s70 = FloatVector.zero(S), s71 = FloatVector.zero(S);
		for (int kk = 0; kk < k; kk++) {
			// one induction variable: C2 can then hoist the bounds checks of the panel loads out of the loop
			int bk = p0 + kk * P;
			FloatVector b0 = FloatVector.fromArray(S, bp, bk), b1 = FloatVector.fromArray(S, bp, bk + V);
			FloatVector v = FloatVector.broadcast(S, a[a0 + kk]);
			s00 = v.fma(b0, s00); s01 = v.fma(b1, s01);
			v = FloatVector.broadcast(S, a[a1 + kk]);
			s10 = v.fma(b0, s10); s11 = v.fma(b1, s11);
			v = FloatVector.broadcast(S, a[a2 + kk]);
			s20 = v.fma(b0, s20); s21 = v.fma(b1, s21);
			v = FloatVector.broadcast(S, a[a3 + kk]);
			s30 = v.fma(b0, s30); s31 = v.fma(b1, s31);
			v = FloatVector.broadcast(S, a[a4 + kk]);
			s40 = v.fma(b0, s40); s41 = v.fma(b1, s41);
			v = FloatVector.broadcast(S, a[a5 + kk]);
			s50 = v.fma(b0, s50); s51 = v.fma(b1, s51);
			v = FloatVector.broadcast(S, a[a6 + kk]);
			s60 = v.fma(b0, s60); s61 = v.fma(b1, s61);
			v = FloatVector.broadcast(S, a[a7 + kk]);
			s70 = v.fma(b0, s70); s71 = v.fma(b1, s71);
		}
		// full panel: straight into C; the last, narrower panel: through the buffer, then the valid columns
		boolean full = cols == P;
		float[] t = full ? c : buf;
		int o = full ? c0 : 0, ld = full ? n : P;
		s00.intoArray(t, o); s01.intoArray(t, o + V); o += ld;
		s10.intoArray(t, o); s11.intoArray(t, o + V); o += ld;
		s20.intoArray(t, o); s21.intoArray(t, o + V); o += ld;
		s30.intoArray(t, o); s31.intoArray(t, o + V); o += ld;
		s40.intoArray(t, o); s41.intoArray(t, o + V); o += ld;
		s50.intoArray(t, o); s51.intoArray(t, o + V); o += ld;
		s60.intoArray(t, o); s61.intoArray(t, o + V); o += ld;
		s70.intoArray(t, o); s71.intoArray(t, o + V);
		if (!full) for (int r = 0; r < R; r++) System.arraycopy(buf, r * P, c, c0 + r * n, cols);
	}

	private static void row1(float[] a, int a0, float[] bp, int p0, float[] c, int c0, int k, int cols, float[] buf) {
		FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
		for (int kk = 0, bk = p0; kk < k; kk++, bk += P) {
			FloatVector v = FloatVector.broadcast(S, a[a0 + kk]);
			s0 = v.fma(FloatVector.fromArray(S, bp, bk), s0);
			s1 = v.fma(FloatVector.fromArray(S, bp, bk + V), s1);
		}
		s0.intoArray(buf, 0);
		s1.intoArray(buf, V);
		System.arraycopy(buf, 0, c, c0, cols);
	}

	/** Eight rows of C = A B for B packed as one panel [k][V] (n <= V columns valid). */
	private static void narrowBlock8(float[] a, int a0, int lda, float[] bp, float[] c, int c0, int n, int k, float[] buf) {
		int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
		FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
		FloatVector s4 = FloatVector.zero(S), s5 = FloatVector.zero(S), s6 = FloatVector.zero(S), s7 = FloatVector.zero(S);
		for (int kk = 0; kk < k; kk++) {
			FloatVector b0 = FloatVector.fromArray(S, bp, kk * V);
			s0 = FloatVector.broadcast(S, a[a0 + kk]).fma(b0, s0);
			s1 = FloatVector.broadcast(S, a[a1 + kk]).fma(b0, s1);
			s2 = FloatVector.broadcast(S, a[a2 + kk]).fma(b0, s2);
			s3 = FloatVector.broadcast(S, a[a3 + kk]).fma(b0, s3);
			s4 = FloatVector.broadcast(S, a[a4 + kk]).fma(b0, s4);
			s5 = FloatVector.broadcast(S, a[a5 + kk]).fma(b0, s5);
			s6 = FloatVector.broadcast(S, a[a6 + kk]).fma(b0, s6);
			s7 = FloatVector.broadcast(S, a[a7 + kk]).fma(b0, s7);
		}
		boolean full = n == V;
		float[] t = full ? c : buf;
		int o = full ? c0 : 0, ld = full ? n : V;
		s0.intoArray(t, o); o += ld;
		s1.intoArray(t, o); o += ld;
		s2.intoArray(t, o); o += ld;
		s3.intoArray(t, o); o += ld;
		s4.intoArray(t, o); o += ld;
		s5.intoArray(t, o); o += ld;
		s6.intoArray(t, o); o += ld;
		s7.intoArray(t, o);
		if (!full) for (int r = 0; r < R; r++) System.arraycopy(buf, r * V, c, c0 + r * n, n);
	}

	private static void narrowRow1(float[] a, int a0, float[] bp, float[] c, int c0, int k, int n, float[] buf) {
		FloatVector s0 = FloatVector.zero(S);
		for (int kk = 0; kk < k; kk++) s0 = FloatVector.broadcast(S, a[a0 + kk]).fma(FloatVector.fromArray(S, bp, kk * V), s0);
		s0.intoArray(buf, 0);
		System.arraycopy(buf, 0, c, c0, n);
	}
}

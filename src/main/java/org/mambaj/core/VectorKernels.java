package org.mambaj.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The same loops as {@link ScalarKernels}, vectorized over the contiguous (channel / column) axis
 * with jdk.incubator.vector. Loaded only when that module is present.
 *
 * Only full, unmasked vectors: on JDK 17 a masked store whose mask is not all-true (and any vector op C2 fails to
 * inline) falls back to a lane-by-lane Java loop, which made whole models several times slower. Leftover
 * columns and channels run scalar.
 */
final class VectorKernels implements Kernels {

	private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
	private static final int V = S.length();

	@Override
	public String name() {
		return "java-vector-" + (V * 32) + "bit";
	}

	@Override
	public void matmulRows(float[] a, int aOff, int lda, float[] b, float[] c, int cOff, int m0, int m1, int k, int n) {
		int i = m0;
		for (; i + 4 <= m1; i += 4) rows4(a, aOff + i * lda, lda, b, c, cOff + i * n, k, n);
		for (; i < m1; i++) rows1(a, aOff + i * lda, b, c, cOff + i * n, k, n);
	}

	/** Four rows of C at once, two vectors of columns at a time: 8 accumulators stay in registers. */
	private static void rows4(float[] a, int a0, int lda, float[] b, float[] c, int c0, int k, int n) {
		int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
		int j = 0;
		for (; j + 2 * V <= n; j += 2 * V) {
			FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s10 = FloatVector.zero(S),
				s11 = FloatVector.zero(S), s20 = FloatVector.zero(S), s21 = FloatVector.zero(S),
				s30 = FloatVector.zero(S), s31 = FloatVector.zero(S);
			for (int kk = 0, bk = j; kk < k; kk++, bk += n) {
				FloatVector b0 = FloatVector.fromArray(S, b, bk), b1 = FloatVector.fromArray(S, b, bk + V);
				FloatVector v0 = FloatVector.broadcast(S, a[a0 + kk]), v1 = FloatVector.broadcast(S, a[a1 + kk]);
				FloatVector v2 = FloatVector.broadcast(S, a[a2 + kk]), v3 = FloatVector.broadcast(S, a[a3 + kk]);
				s00 = v0.fma(b0, s00); s01 = v0.fma(b1, s01);
				s10 = v1.fma(b0, s10); s11 = v1.fma(b1, s11);
				s20 = v2.fma(b0, s20); s21 = v2.fma(b1, s21);
				s30 = v3.fma(b0, s30); s31 = v3.fma(b1, s31);
			}
			s00.intoArray(c, c0 + j); s01.intoArray(c, c0 + j + V);
			s10.intoArray(c, c0 + n + j); s11.intoArray(c, c0 + n + j + V);
			s20.intoArray(c, c0 + 2 * n + j); s21.intoArray(c, c0 + 2 * n + j + V);
			s30.intoArray(c, c0 + 3 * n + j); s31.intoArray(c, c0 + 3 * n + j + V);
		}
		for (; j + V <= n; j += V) {
			FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
			for (int kk = 0, bk = j; kk < k; kk++, bk += n) {
				FloatVector bv = FloatVector.fromArray(S, b, bk);
				s0 = FloatVector.broadcast(S, a[a0 + kk]).fma(bv, s0);
				s1 = FloatVector.broadcast(S, a[a1 + kk]).fma(bv, s1);
				s2 = FloatVector.broadcast(S, a[a2 + kk]).fma(bv, s2);
				s3 = FloatVector.broadcast(S, a[a3 + kk]).fma(bv, s3);
			}
			s0.intoArray(c, c0 + j); s1.intoArray(c, c0 + n + j);
			s2.intoArray(c, c0 + 2 * n + j); s3.intoArray(c, c0 + 3 * n + j);
		}
		if (j < n) for (int r = 0; r < 4; r++) tail(a, a0 + r * lda, b, c, c0 + r * n, k, n, j);
	}

	private static void rows1(float[] a, int a0, float[] b, float[] c, int c0, int k, int n) {
		int j = 0;
		for (; j + V <= n; j += V) {
			FloatVector s = FloatVector.zero(S);
			for (int kk = 0, bk = j; kk < k; kk++, bk += n)
				s = FloatVector.broadcast(S, a[a0 + kk]).fma(FloatVector.fromArray(S, b, bk), s);
			s.intoArray(c, c0 + j);
		}
		if (j < n) tail(a, a0, b, c, c0, k, n, j);
	}

	/** Columns [j0, n) of one row, scalar. */
	private static void tail(float[] a, int a0, float[] b, float[] c, int c0, int k, int n, int j0) {
		for (int j = j0; j < n; j++) {
			float s = 0f;
			for (int kk = 0; kk < k; kk++) s = Math.fma(a[a0 + kk], b[kk * n + j], s);
			c[c0 + j] = s;
		}
	}

	@Override
	public void depthwiseRows(float[] x, int xOff, int h, int w, int c, float[] weight, float[] bias, int kh, int kw,
		int stride, int padY, int padX, float[] y, int yOff, int oh, int ow, int oy0, int oy1)
	{
		// a bias of zeros rather than a branch on vector values (see VectorScan: such merges defeat C2 on JDK 17)
		float[] b = bias != null ? bias : new float[c];
		int cv = c - c % V;
		boolean k3 = kh == 3 && kw == 3 && stride == 1;
		for (int oy = oy0; oy < oy1; oy++) {
			int iy0 = oy * stride - padY;
			for (int ox = 0; ox < ow; ox++) {
				int ix0 = ox * stride - padX, yo = yOff + (oy * ow + ox) * c;
				if (k3 && iy0 >= 0 && iy0 + 3 <= h && ix0 >= 0 && ix0 + 3 <= w)
					inside3x3(x, xOff + (iy0 * w + ix0) * c, w * c, c, cv, weight, b, y, yo);
				else
					for (int ch = 0; ch < cv; ch += V) border(x, xOff, h, w, c, ch, weight, b, kh, kw, iy0, ix0, y, yo);
				for (int ch = cv; ch < c; ch++) {
					float acc = b[ch];
					for (int ky = 0; ky < kh; ky++) {
						int iy = iy0 + ky;
						if (iy < 0 || iy >= h) continue;
						for (int kx = 0; kx < kw; kx++) {
							int ix = ix0 + kx;
							if (ix >= 0 && ix < w) acc = Math.fma(x[xOff + (iy * w + ix) * c + ch], weight[(ky * kw + kx) * c + ch], acc);
						}
					}
					y[yo + ch] = acc;
				}
			}
		}
	}

	/** A 3x3 window entirely inside the image: nine straight-line FMAs per vector of channels. */
	private static void inside3x3(float[] x, int x0, int row, int c, int cv, float[] wt, float[] b, float[] y, int yo) {
		int x1 = x0 + row, x2 = x1 + row;
		for (int ch = 0; ch < cv; ch += V) {
			FloatVector acc = FloatVector.fromArray(S, b, ch);
			acc = FloatVector.fromArray(S, x, x0 + ch).fma(FloatVector.fromArray(S, wt, ch), acc);
			acc = FloatVector.fromArray(S, x, x0 + c + ch).fma(FloatVector.fromArray(S, wt, c + ch), acc);
			acc = FloatVector.fromArray(S, x, x0 + 2 * c + ch).fma(FloatVector.fromArray(S, wt, 2 * c + ch), acc);
			acc = FloatVector.fromArray(S, x, x1 + ch).fma(FloatVector.fromArray(S, wt, 3 * c + ch), acc);
			acc = FloatVector.fromArray(S, x, x1 + c + ch).fma(FloatVector.fromArray(S, wt, 4 * c + ch), acc);
			acc = FloatVector.fromArray(S, x, x1 + 2 * c + ch).fma(FloatVector.fromArray(S, wt, 5 * c + ch), acc);
			acc = FloatVector.fromArray(S, x, x2 + ch).fma(FloatVector.fromArray(S, wt, 6 * c + ch), acc);
			acc = FloatVector.fromArray(S, x, x2 + c + ch).fma(FloatVector.fromArray(S, wt, 7 * c + ch), acc);
			acc = FloatVector.fromArray(S, x, x2 + 2 * c + ch).fma(FloatVector.fromArray(S, wt, 8 * c + ch), acc);
			acc.intoArray(y, yo + ch);
		}
	}

	/** One vector of channels of a window that may cross the border (zero padding): taps outside are skipped. */
	private static void border(float[] x, int xOff, int h, int w, int c, int ch, float[] wt, float[] b, int kh, int kw,
		int iy0, int ix0, float[] y, int yo)
	{
		FloatVector acc = FloatVector.fromArray(S, b, ch);
		for (int ky = 0; ky < kh; ky++) {
			int iy = iy0 + ky;
			for (int kx = 0; kx < kw; kx++) {
				int ix = ix0 + kx;
				if (iy >= 0 && iy < h && ix >= 0 && ix < w)
					acc = FloatVector.fromArray(S, x, xOff + (iy * w + ix) * c + ch)
						.fma(FloatVector.fromArray(S, wt, (ky * kw + kx) * c + ch), acc);
			}
		}
		acc.intoArray(y, yo + ch);
	}

	@Override
	public void scanChannels(SelectiveScan.Problem p, int b, int d0, int d1) {
		VectorScan.channels(p, b, d0, d1);
	}
}

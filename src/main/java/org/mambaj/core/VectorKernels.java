package org.mambaj.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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
	/** Doubles of the same width (V / 2 lanes): one float vector widens into two of these. */
	private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());

	@Override
	public String name() {
		return "java-vector-" + (V * 32) + "bit";
	}

	@Override
	public void sigmoid(float[] in, float[] out, int from, int to) {
		VectorMath.sigmoid(in, out, from, to);
	}

	@Override
	public void silu(float[] in, float[] out, int from, int to) {
		VectorMath.silu(in, out, from, to);
	}

	@Override
	public void gelu(float[] in, float[] out, int from, int to) {
		VectorMath.gelu(in, out, from, to);
	}

	@Override
	public void mulSilu(float[] a, float[] b, float[] out, int from, int to) {
		VectorMath.mulSilu(a, b, out, from, to);
	}

	@Override
	public void layerNorm(float[] in, float[] out, int c, float[] weight, float[] bias, float eps, int r0, int r1) {
		if (c < V) KernelChoice.SCALAR.layerNorm(in, out, c, weight, bias, eps, r0, r1);
		else VectorMath.layerNorm(in, out, c, weight, bias, eps, r0, r1);
	}

	/**
	 * One block of V channels at a time over all rows, its sums in four double-vector registers (each float vector
	 * widened in two halves); leftover channels scalar.
	 */
	@Override
	public void channelSums(float[] in, int off, int rows, int c, double[] sum, double[] sq) {
		int cv = c - c % V, half = V / 2;
		for (int i = 0; i < cv; i += V) {
			DoubleVector s0 = DoubleVector.zero(D), s1 = DoubleVector.zero(D), q0 = DoubleVector.zero(D), q1 = DoubleVector.zero(D);
			for (int r = 0, o = off + i; r < rows; r++, o += c) {
				FloatVector x = FloatVector.fromArray(S, in, o);
				DoubleVector lo = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 0);
				DoubleVector hi = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 1);
				s0 = s0.add(lo);
				s1 = s1.add(hi);
				q0 = lo.fma(lo, q0);
				q1 = hi.fma(hi, q1);
			}
			DoubleVector.fromArray(D, sum, i).add(s0).intoArray(sum, i);
			DoubleVector.fromArray(D, sum, i + half).add(s1).intoArray(sum, i + half);
			DoubleVector.fromArray(D, sq, i).add(q0).intoArray(sq, i);
			DoubleVector.fromArray(D, sq, i + half).add(q1).intoArray(sq, i + half);
		}
		ScalarKernels.channelSums(in, off, rows, c, cv, sum, sq);
	}

	@Override
	public void channelAffine(float[] in, float[] out, int off, int rows, int c, float[] mean, float[] scale,
		float[] shift, float slope)
	{
		int cv = slope == 0f ? 0 : c - c % V; // slope 0: all scalar (see leaky below)
		for (int r = 0, o = off; r < rows; r++, o += c)
			for (int i = 0; i < cv; i += V) {
				FloatVector v = FloatVector.fromArray(S, in, o + i).sub(FloatVector.fromArray(S, mean, i))
					.mul(FloatVector.fromArray(S, scale, i)).add(FloatVector.fromArray(S, shift, i));
				leaky(v, slope).intoArray(out, o + i);
			}
		ScalarKernels.channelAffine(in, out, off, rows, c, cv, mean, scale, shift, slope);
	}

	@Override
	public void addLeaky(float[] a, float[] b, float[] out, float slope, int from, int to) {
		int i = from;
		for (int end = slope == 0f ? from : from + (to - from) / V * V; i < end; i += V) {
			FloatVector v = FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i));
			leaky(v, slope).intoArray(out, i);
		}
		KernelChoice.SCALAR.addLeaky(a, b, out, slope, i, to);
	}

	@Override
	public void leaky(float[] in, float[] out, float slope, int from, int to) {
		int i = from;
		for (int end = slope == 0f ? from : from + (to - from) / V * V; i < end; i += V)
			leaky(FloatVector.fromArray(S, in, i), slope).intoArray(out, i);
		KernelChoice.SCALAR.leaky(in, out, slope, i, to);
	}

	/**
	 * {@link ScalarKernels#leaky} as max(v, slope * v), for 0 < slope <= 1 (the callers check): the same bits as the
	 * scalar select, NaN and -0 included. At slope 0 it would give NaN for +inf (0 * inf), so the three callers run
	 * slope 0 on the scalar kernel (no model uses it). No compare and blend: measured a third slower on cached data.
	 * Small enough that C2 inlines it: no vector crosses a call.
	 */
	private static FloatVector leaky(FloatVector v, float slope) {
		return v.max(v.mul(slope));
	}

	@Override
	public float[] packB(float[] b, int k, int n) {
		return VectorMatmul.pack(b, k, n);
	}

	@Override
	public void matmulRows(float[] a, int aOff, int lda, float[] b, float[] c, int cOff, int m0, int m1, int k, int n) {
		VectorMatmul.rows(a, aOff, lda, b, c, cOff, m0, m1, k, n);
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
					border(x, xOff, h, w, c, cv, weight, b, kh, kw, iy0, ix0, y, yo);
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

	/**
	 * The first cv channels of a window that may cross the border (zero padding): taps outside are skipped. The sums
	 * build up in y itself, one tap at a time over all channel vectors, so no vector lives from one loop iteration
	 * to the next: JDK 17's C2 kept such a vector on the heap, one allocation per tap (about 100 bytes).
	 */
	private static void border(float[] x, int xOff, int h, int w, int c, int cv, float[] wt, float[] b, int kh, int kw,
		int iy0, int ix0, float[] y, int yo)
	{
		System.arraycopy(b, 0, y, yo, cv);
		int ky0 = Math.max(0, -iy0), ky1 = Math.min(kh, h - iy0), kx0 = Math.max(0, -ix0), kx1 = Math.min(kw, w - ix0);
		for (int ky = ky0; ky < ky1; ky++)
			for (int kx = kx0; kx < kx1; kx++) {
				int xo = xOff + ((iy0 + ky) * w + ix0 + kx) * c, wo = (ky * kw + kx) * c;
				for (int ch = 0; ch < cv; ch += V)
					FloatVector.fromArray(S, x, xo + ch).fma(FloatVector.fromArray(S, wt, wo + ch), FloatVector.fromArray(S, y, yo + ch))
						.intoArray(y, yo + ch);
			}
	}

	@Override
	public void scanDirection(SelectiveScan.Problem p, int b, int k, int d0, int d1, float[] y) {
		VectorScan.direction(p, b, k, d0, d1, y);
	}
}

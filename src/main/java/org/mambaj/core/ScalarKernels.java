package org.mambaj.core;

/** Plain Java loops: the reference every faster path is compared with, and the fallback everywhere. */
final class ScalarKernels implements Kernels {

	@Override
	public String name() {
		return "java-scalar";
	}

	@Override
	public void sigmoid(float[] in, float[] out, int from, int to) {
		for (int i = from; i < to; i++) out[i] = Activations.sigmoid(in[i]);
	}

	@Override
	public void silu(float[] in, float[] out, int from, int to) {
		for (int i = from; i < to; i++) out[i] = Activations.silu(in[i]);
	}

	@Override
	public void gelu(float[] in, float[] out, int from, int to) {
		for (int i = from; i < to; i++) out[i] = Activations.gelu(in[i]);
	}

	@Override
	public void mulSilu(float[] a, float[] b, float[] out, int from, int to) {
		for (int i = from; i < to; i++) out[i] = a[i] * Activations.silu(b[i]);
	}

	@Override
	public void layerNorm(float[] in, float[] out, int c, float[] weight, float[] bias, float eps, int r0, int r1) {
		for (int r = r0; r < r1; r++) {
			int o = r * c;
			float mean = 0;
			for (int i = 0; i < c; i++) mean += in[o + i];
			mean /= c;
			float var = 0;
			for (int i = 0; i < c; i++) {
				float d = in[o + i] - mean;
				var += d * d;
			}
			float inv = (float) (1.0 / Math.sqrt(var / c + eps));
			for (int i = 0; i < c; i++) out[o + i] = (in[o + i] - mean) * inv * weight[i] + bias[i];
		}
	}

	@Override
	public void channelSums(float[] in, int off, int rows, int c, double[] sum, double[] sq) {
		channelSums(in, off, rows, c, 0, sum, sq);
	}

	/** {@link #channelSums} of channels [c0, c) only: also the vector kernels' leftover channels. */
	static void channelSums(float[] in, int off, int rows, int c, int c0, double[] sum, double[] sq) {
		for (int r = 0, o = off; r < rows; r++, o += c)
			for (int i = c0; i < c; i++) {
				double v = in[o + i];
				sum[i] += v;
				sq[i] += v * v;
			}
	}

	@Override
	public void channelAffine(float[] in, float[] out, int off, int rows, int c, float[] mean, float[] scale,
		float[] shift, float slope)
	{
		channelAffine(in, out, off, rows, c, 0, mean, scale, shift, slope);
	}

	/** {@link #channelAffine} of channels [c0, c) only: also the vector kernels' leftover channels. */
	static void channelAffine(float[] in, float[] out, int off, int rows, int c, int c0, float[] mean, float[] scale,
		float[] shift, float slope)
	{
		for (int r = 0, o = off; r < rows; r++, o += c)
			for (int i = c0; i < c; i++) out[o + i] = leaky((in[o + i] - mean[i]) * scale[i] + shift[i], slope);
	}

	@Override
	public void addLeaky(float[] a, float[] b, float[] out, float slope, int from, int to) {
		for (int i = from; i < to; i++) out[i] = leaky(a[i] + b[i], slope);
	}

	@Override
	public void leaky(float[] in, float[] out, float slope, int from, int to) {
		for (int i = from; i < to; i++) out[i] = leaky(in[i], slope);
	}

	/** PyTorch's LeakyReLU of one value (slope * v below 0): the definition the vector kernels must equal. */
	static float leaky(float v, float slope) {
		return v >= 0f ? v : v * slope;
	}

	@Override
	public float[] packB(float[] b, int k, int n) {
		return b;
	}

	/**
	 * Written for C2's auto-vectorizer (see {@link #scanDirection} on what JDK 17's SuperWord needs: every array
	 * indexed by the loop variable alone). Columns in chunks of {@link #COLUMNS}; per chunk, each step of eight
	 * k copies eight rows of B into scratch rows and adds them, scaled, into the C rows of the block (eight
	 * multiply-adds per load and store of C: the loop is bound by loads and stores; eight instead of four made
	 * VM-UNet 6-10% faster), and the C rows are copied out at the end. The k order of the multiply-adds is the
	 * same whatever the step.
	 */
	@Override
	public void matmulRows(float[] a, int aOff, int lda, float[] b, float[] c, int cOff, int m0, int m1, int k, int n) {
		int rows = m1 - m0, width = Math.min(n, COLUMNS);
		if (rows <= 0) return;
		float[][] acc = new float[rows][width], bk = new float[8][width];
		for (int j0 = 0; j0 < n; j0 += COLUMNS) {
			int nj = Math.min(COLUMNS, n - j0);
			for (float[] row : acc) java.util.Arrays.fill(row, 0f);
			int kk = 0;
			for (; kk + 8 <= k; kk += 8) {
				for (int q = 0; q < 8; q++) System.arraycopy(b, (kk + q) * n + j0, bk[q], 0, nj);
				for (int r = 0; r < rows; r++)
					addScaled8(acc[r], a, aOff + (m0 + r) * lda + kk, bk[0], bk[1], bk[2], bk[3], bk[4], bk[5], bk[6], bk[7], nj);
			}
			for (; kk + 4 <= k; kk += 4) {
				for (int q = 0; q < 4; q++) System.arraycopy(b, (kk + q) * n + j0, bk[q], 0, nj);
				for (int r = 0; r < rows; r++) {
					int ai = aOff + (m0 + r) * lda + kk;
					addScaled4(acc[r], a[ai], a[ai + 1], a[ai + 2], a[ai + 3], bk[0], bk[1], bk[2], bk[3], nj);
				}
			}
			for (; kk < k; kk++) {
				System.arraycopy(b, kk * n + j0, bk[0], 0, nj);
				for (int r = 0; r < rows; r++) addScaled(acc[r], a[aOff + (m0 + r) * lda + kk], bk[0], nj);
			}
			for (int r = 0; r < rows; r++) System.arraycopy(acc[r], 0, c, cOff + (m0 + r) * n + j0, nj);
		}
	}

	/** Columns per chunk of {@link #matmulRows}: 8 C rows and 8 B rows of this width stay in L1 (32 KB). */
	private static final int COLUMNS = 512;

	/** c[j] += a[ai] b0[j] + ... + a[ai + 7] b7[j], in that order. */
	private static void addScaled8(float[] c, float[] a, int ai, float[] b0, float[] b1, float[] b2, float[] b3,
		float[] b4, float[] b5, float[] b6, float[] b7, int n)
	{
		float a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3], a4 = a[ai + 4], a5 = a[ai + 5], a6 = a[ai + 6],
			a7 = a[ai + 7];
		for (int j = 0; j < n; j++)
			c[j] = Math.fma(a7, b7[j], Math.fma(a6, b6[j], Math.fma(a5, b5[j], Math.fma(a4, b4[j],
				Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]))))))));
	}

	private static void addScaled4(float[] c, float a0, float a1, float a2, float a3, float[] b0, float[] b1,
		float[] b2, float[] b3, int n)
	{
		for (int j = 0; j < n; j++)
			c[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]))));
	}

	private static void addScaled(float[] c, float a0, float[] b0, int n) {
		for (int j = 0; j < n; j++) c[j] = Math.fma(a0, b0[j], c[j]);
	}

	@Override
	public void depthwiseRows(float[] x, int xOff, int h, int w, int c, float[] weight, float[] bias, int kh, int kw,
		int stride, int padY, int padX, float[] y, int yOff, int oh, int ow, int oy0, int oy1)
	{
		for (int oy = oy0; oy < oy1; oy++) {
			for (int ox = 0; ox < ow; ox++) {
				int yo = yOff + (oy * ow + ox) * c;
				for (int ch = 0; ch < c; ch++) y[yo + ch] = bias == null ? 0f : bias[ch];
				for (int ky = 0; ky < kh; ky++) {
					int iy = oy * stride - padY + ky;
					if (iy < 0 || iy >= h) continue;
					for (int kx = 0; kx < kw; kx++) {
						int ix = ox * stride - padX + kx;
						if (ix < 0 || ix >= w) continue;
						int xi = xOff + (iy * w + ix) * c, wi = (ky * kw + kx) * c;
						for (int ch = 0; ch < c; ch++) y[yo + ch] += x[xi + ch] * weight[wi + ch];
					}
				}
			}
		}
	}

	/**
	 * Positions outer, the channels of the group inner and contiguous (the layout's fast axis: one pass over
	 * the data per direction instead of one per channel). The loops over channels are written for HotSpot's
	 * auto-vectorizer (C2 SuperWord): straight-line arithmetic on contiguous arrays, no calls it cannot
	 * inline, no float/int bit reinterpretation (JDK 17's SuperWord does not vectorize those, nor
	 * conversions), so the states, A and the exp run in double: see {@link ScalarMath#expScaled}. Every array in
	 * the hot loop is indexed by the loop variable alone: JDK 17's SuperWord gives up on a store at index
	 * {@code o + i} next to loads at {@code i} (it cannot align them), so each state has its own rows.
	 */
	@Override
	public void scanDirection(SelectiveScan.Problem p, int b, int k, int d0, int d1, float[] y) {
		int w = d1 - d0, states = p.states, dim = p.channels, len = p.length;
		double[][] h = new double[states][w], a = new double[states][w];
		double[] delta = new double[w], du = new double[w], acc = new double[w], bias = new double[w], skip = new double[w];
		float[] dtRow = new float[w], uRow = new float[w];
		int[] order = p.order[k];
		int dtBase = (k * p.batch + b) * len * dim + d0, uBase = ((p.uPerDirection ? k * p.batch : 0) + b) * len * dim + d0;
		int yBase = b * len * dim + d0, pk = k * dim + d0;
		for (int n = 0; n < states; n++)
			for (int i = 0; i < w; i++) a[n][i] = p.a[(k * states + n) * dim + d0 + i] * ScalarMath.EXP_SCALE;
		for (int i = 0; i < w; i++) {
			bias[i] = p.deltaBias[pk + i];
			skip[i] = p.dSkip[pk + i];
		}
		for (int l = 0; l < len; l++) {
			int pos = order[l], row = (b * len + pos) * p.bcStride;
			int bo = row + p.bOffset[k], co = row + p.cOffset[k], t = pos * dim;
			// this position's rows copied out first, so the loops below index by i alone
			System.arraycopy(p.dt, dtBase + t, dtRow, 0, w);
			System.arraycopy(p.u, uBase + t, uRow, 0, w);
			for (int i = 0; i < w; i++) delta[i] = dtRow[i] + bias[i];
			ScalarMath.softplus(delta, w);
			for (int i = 0; i < w; i++) {
				double uv = uRow[i];
				du[i] = delta[i] * uv;
				acc[i] = skip[i] * uv;
			}
			for (int n = 0; n < states; n++) stateUpdate(h[n], a[n], delta, du, acc, p.bc[bo + n], p.bc[co + n], w);
			for (int i = 0; i < w; i++) y[yBase + t + i] += (float) acc[i];
		}
	}

	/** One state for w channels: h = exp(delta A) h + delta u B, acc += C h. The hot loop: kept small for C2. */
	private static void stateUpdate(double[] h, double[] a, double[] delta, double[] du, double[] acc,
		double bn, double cn, int w)
	{
		for (int i = 0; i < w; i++) {
			double hv = Math.fma(ScalarMath.expScaled(delta[i] * a[i]), h[i], du[i] * bn);
			h[i] = hv;
			acc[i] = Math.fma(cn, hv, acc[i]);
		}
	}
}

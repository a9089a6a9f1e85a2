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
	public float[] packB(float[] b, int k, int n) {
		return b;
	}

	@Override
	public void matmulRows(float[] a, int aOff, int lda, float[] b, float[] c, int cOff, int m0, int m1, int k, int n) {
		for (int i = m0; i < m1; i++) {
			int ci = cOff + i * n, ai = aOff + i * lda;
			java.util.Arrays.fill(c, ci, ci + n, 0f);
			for (int kk = 0; kk < k; kk++) {
				float av = a[ai + kk];
				if (av == 0f) continue;
				int bk = kk * n;
				for (int j = 0; j < n; j++) c[ci + j] += av * b[bk + j];
			}
		}
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
	public void scanChannels(SelectiveScan.Problem p, int b, int d0, int d1) {
		int w = d1 - d0, states = p.states, dim = p.channels, len = p.length;
		double[][] h = new double[states][w], a = new double[states][w];
		double[] delta = new double[w], du = new double[w], acc = new double[w];
		for (int k = 0; k < p.directions; k++) {
			int[] order = p.order[k];
			int dtBase = (k * p.batch + b) * len * dim + d0, uBase = ((p.uPerDirection ? k * p.batch : 0) + b) * len * dim + d0;
			int yBase = b * len * dim + d0, pk = k * dim + d0;
			for (int n = 0; n < states; n++)
				for (int i = 0; i < w; i++) {
					a[n][i] = p.a[(k * states + n) * dim + d0 + i] * ScalarMath.EXP_SCALE;
					h[n][i] = 0.0;
				}
			for (int l = 0; l < len; l++) {
				int pos = order[l], row = (b * len + pos) * p.bcStride;
				int bo = row + p.bOffset[k], co = row + p.cOffset[k], t = pos * dim;
				for (int i = 0; i < w; i++) delta[i] = p.dt[dtBase + t + i] + p.deltaBias[pk + i];
				ScalarMath.softplus(delta, w);
				for (int i = 0; i < w; i++) {
					du[i] = delta[i] * p.u[uBase + t + i];
					acc[i] = 0.0;
				}
				for (int n = 0; n < states; n++) stateUpdate(h[n], a[n], delta, du, acc, p.bc[bo + n], p.bc[co + n], w);
				for (int i = 0; i < w; i++) p.y[yBase + t + i] += (float) (acc[i] + p.dSkip[pk + i] * p.u[uBase + t + i]);
			}
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

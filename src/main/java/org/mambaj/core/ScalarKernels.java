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
	 * the data per direction instead of one per channel), and a float polynomial exp for exp(delta * A).
	 */
	@Override
	public void scanChannels(SelectiveScan.Problem p, int b, int d0, int d1) {
		int w = d1 - d0, states = p.states, dim = p.channels, len = p.length;
		float[] h = new float[states * w], a = new float[states * w];
		float[] delta = new float[w], du = new float[w], acc = new float[w];
		for (int k = 0; k < p.directions; k++) {
			int[] order = p.order[k];
			int dtBase = (k * p.batch + b) * len * dim + d0, uBase = ((p.uPerDirection ? k * p.batch : 0) + b) * len * dim + d0;
			int yBase = b * len * dim + d0, pk = k * dim + d0;
			for (int n = 0; n < states; n++) System.arraycopy(p.a, (k * states + n) * dim + d0, a, n * w, w);
			java.util.Arrays.fill(h, 0f);
			for (int l = 0; l < len; l++) {
				int pos = order[l], row = (b * len + pos) * p.bcStride;
				int bo = row + p.bOffset[k], co = row + p.cOffset[k], t = pos * dim;
				for (int i = 0; i < w; i++) {
					delta[i] = SelectiveScan.softplus(p.dt[dtBase + t + i] + p.deltaBias[pk + i]);
					du[i] = delta[i] * p.u[uBase + t + i];
					acc[i] = 0f;
				}
				for (int n = 0; n < states; n++) {
					float bn = p.bc[bo + n], cn = p.bc[co + n];
					for (int i = 0, o = n * w; i < w; i++, o++) {
						float hv = expNonPositive(delta[i] * a[o]) * h[o] + du[i] * bn;
						h[o] = hv;
						acc[i] += cn * hv;
					}
				}
				for (int i = 0; i < w; i++) p.y[yBase + t + i] += acc[i] + p.dSkip[pk + i] * p.u[uBase + t + i];
			}
		}
	}

	/**
	 * exp(x) for x <= 0 in float: 2^n e^r with Cephes' degree-6 polynomial, within 1 ulp of Math.exp and several
	 * times faster than it (it is called L * D * N times per scan). 1.2e-38 below -87.3.
	 */
	static float expNonPositive(float x) {
		x = Math.max(x, -87.33654f);
		// adding 1.5 * 2^23 rounds to an integer, which lands in the low mantissa bits
		float t = Math.fma(x, 1.44269504088896341f, 12582912f), m = t - 12582912f;
		float r = Math.fma(m, -0.693359375f, x);
		r = Math.fma(m, 2.12194440e-4f, r);
		float e = Math.fma(r, 1.9875691500e-4f, 1.3981999507e-3f);
		e = Math.fma(e, r, 8.3334519073e-3f);
		e = Math.fma(e, r, 4.1665795894e-2f);
		e = Math.fma(e, r, 1.6666665459e-1f);
		e = Math.fma(e, r, 5.0000001201e-1f);
		e = Math.fma(e, r * r, r) + 1f;
		return Float.intBitsToFloat(Float.floatToRawIntBits(e) + (Float.floatToRawIntBits(t) << 23));
	}
}

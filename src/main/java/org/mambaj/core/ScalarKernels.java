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

	@Override
	public void scanChannels(SelectiveScan.Problem p, int b, int d0, int d1) {
		int L = p.length, D = p.channels, N = p.states;
		float[] h = new float[N];
		for (int d = d0; d < d1; d++) {
			float sum = 0;
			for (int k = 0; k < p.directions; k++) {
				int[] order = p.order[k];
				long dtBase = ((long) k * p.batch + b) * L * D;
				long uBase = ((p.uPerDirection ? (long) k * p.batch : 0) + b) * L * D;
				float bias = p.deltaBias[k * D + d], skip = p.dSkip[k * D + d];
				int aBase = k * N * D + d;
				java.util.Arrays.fill(h, 0f);
				for (int l = 0; l < L; l++) {
					int pos = order[l];
					float delta = SelectiveScan.softplus(p.dt[(int) (dtBase + (long) pos * D + d)] + bias);
					float uv = p.u[(int) (uBase + (long) pos * D + d)];
					int row = (b * L + pos) * p.bcStride;
					int bo = row + p.bOffset[k], co = row + p.cOffset[k];
					float du = delta * uv, acc = 0f;
					for (int n = 0; n < N; n++) {
						h[n] = (float) Math.exp(delta * p.a[aBase + n * D]) * h[n] + du * p.bc[bo + n];
						acc += p.bc[co + n] * h[n];
					}
					int yi = (b * L + pos) * D + d;
					float out = acc + skip * uv;
					p.y[yi] += out;
				}
			}
		}
	}
}

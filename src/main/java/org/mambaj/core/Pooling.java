package org.mambaj.core;

/** Pooling on NHWC images (no padding, window = stride unless given). */
public final class Pooling {

	private Pooling() {}

	public static Tensor maxPool(Tensor x, int k, int stride) {
		return pool(x, k, stride, true);
	}

	public static Tensor avgPool(Tensor x, int k, int stride) {
		return pool(x, k, stride, false);
	}

	/** Adaptive average pooling to 1x1: [N, H, W, C] -> [N, C]. */
	public static Tensor globalAvgPool(Tensor x) {
		Shapes.requireRank("global average pooling input", x, 4);
		int n = x.dim(0), hw = x.dim(1) * x.dim(2), c = x.dim(3);
		float[] in = x.data(), out = new float[n * c];
		for (int b = 0; b < n; b++) {
			double[] sum = new double[c];
			for (int p = 0; p < hw; p++)
				for (int i = 0, o = (b * hw + p) * c; i < c; i++) sum[i] += in[o + i];
			for (int i = 0; i < c; i++) out[b * c + i] = (float) (sum[i] / hw);
		}
		return new Tensor(out, n, c);
	}

	private static Tensor pool(Tensor x, int k, int stride, boolean max) {
		Shapes.requireRank("pooling input", x, 4);
		int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
		int oh = Shapes.convOut(h, k, stride, 0), ow = Shapes.convOut(w, k, stride, 0);
		float[] in = x.data(), out = new float[n * oh * ow * c];
		for (int b = 0; b < n; b++)
			for (int yy = 0; yy < oh; yy++)
				for (int xx = 0; xx < ow; xx++) {
					int o = ((b * oh + yy) * ow + xx) * c;
					for (int i = 0; i < c; i++) out[o + i] = max ? Float.NEGATIVE_INFINITY : 0f;
					for (int ky = 0; ky < k; ky++)
						for (int kx = 0; kx < k; kx++) {
							int s = ((b * h + yy * stride + ky) * w + xx * stride + kx) * c;
							for (int i = 0; i < c; i++) out[o + i] = max ? Math.max(out[o + i], in[s + i]) : out[o + i] + in[s + i];
						}
					if (!max) for (int i = 0; i < c; i++) out[o + i] /= k * k;
				}
		return new Tensor(out, n, oh, ow, c);
	}
}

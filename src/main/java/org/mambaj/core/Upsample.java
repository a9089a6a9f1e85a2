package org.mambaj.core;

/** Spatial upsampling of NHWC images as PyTorch's {@code F.interpolate}. */
public final class Upsample {

	private Upsample() {}

	/**
	 * {@code mode="nearest"} with integer {@code scale_factor}s per axis: output pixel (y, x) copies input pixel
	 * (y / fh, x / fw), which is what PyTorch computes for integer factors.
	 */
	public static Tensor nearest(Tensor x, int fh, int fw) {
		Shapes.requireRank("nearest upsampling input", x, 4);
		if (fh < 1 || fw < 1) throw new IllegalArgumentException("upsampling factors must be >= 1, got " + fh + "x" + fw);
		int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), oh = h * fh, ow = w * fw;
		float[] in = x.data(), out = new float[n * oh * ow * c];
		Parallel.range(n * oh, Math.max(1, 16384 / Math.max(1, ow * c)), (from, to) -> {
			for (int r = from; r < to; r++) {
				int img = r / oh, oy = r % oh, src = (img * h + oy / fh) * w;
				for (int ox = 0; ox < ow; ox++) System.arraycopy(in, (src + ox / fw) * c, out, (r * ow + ox) * c, c);
			}
		});
		return new Tensor(out, n, oh, ow, c);
	}

	/**
	 * {@code mode="bilinear"} to an output size, with PyTorch's source-coordinate rule: with align_corners the
	 * corners map onto each other (src = dst * (in - 1) / (out - 1)); without, pixel centres do (src = (dst + 0.5)
	 * * in / out - 0.5, clamped at 0).
	 */
	public static Tensor bilinear(Tensor x, int oh, int ow, boolean alignCorners) {
		Shapes.requireRank("bilinear upsampling input", x, 4);
		if (oh < 1 || ow < 1) throw new IllegalArgumentException("output size must be >= 1, got " + oh + "x" + ow);
		int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
		int[] y0 = new int[oh], y1 = new int[oh], x0 = new int[ow], x1 = new int[ow];
		float[] fy = new float[oh], fx = new float[ow];
		taps(h, oh, alignCorners, y0, y1, fy);
		taps(w, ow, alignCorners, x0, x1, fx);
		float[] in = x.data(), out = new float[n * oh * ow * c];
		Parallel.range(n * oh, Math.max(1, 4096 / Math.max(1, ow * c)), (from, to) -> {
			for (int r = from; r < to; r++) {
				int img = r / oh, oy = r % oh;
				int top = (img * h + y0[oy]) * w, bottom = (img * h + y1[oy]) * w;
				float wy = fy[oy];
				for (int ox = 0; ox < ow; ox++) {
					int a = (top + x0[ox]) * c, b = (top + x1[ox]) * c, d = (bottom + x0[ox]) * c, e = (bottom + x1[ox]) * c;
					float wx = fx[ox];
					int o = (r * ow + ox) * c;
					for (int ch = 0; ch < c; ch++) {
						float t = in[a + ch] + (in[b + ch] - in[a + ch]) * wx;
						float u = in[d + ch] + (in[e + ch] - in[d + ch]) * wx;
						out[o + ch] = t + (u - t) * wy;
					}
				}
			}
		});
		return new Tensor(out, n, oh, ow, c);
	}

	/** The two source indices and the weight of the second, for each output index along one axis. */
	private static void taps(int in, int out, boolean alignCorners, int[] i0, int[] i1, float[] frac) {
		for (int o = 0; o < out; o++) {
			double src;
			if (alignCorners) src = out > 1 ? o * (double) (in - 1) / (out - 1) : 0;
			else src = Math.max(0, (o + 0.5) * in / out - 0.5);
			int lo = Math.min((int) Math.floor(src), in - 1);
			i0[o] = lo;
			i1[o] = Math.min(lo + 1, in - 1);
			frac[o] = (float) (src - lo);
		}
	}
}

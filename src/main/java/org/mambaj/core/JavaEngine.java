package org.mambaj.core;

import java.util.Arrays;

/** Dense layers in pure Java ({@link Kernels}): works on every JVM and is the oracle for the other engines. */
public final class JavaEngine implements Engine {

	/** Output rows handled by one im2col block; bounds the scratch memory of a convolution. */
	private static final int ROWS_PER_BLOCK = 256;

	private final Kernels kernels;

	public JavaEngine() {
		this(Kernels.best());
	}

	public JavaEngine(Kernels kernels) {
		this.kernels = kernels;
	}

	@Override
	public String name() {
		return kernels.name();
	}

	@Override
	public DenseOp linear(Tensor weight, Tensor bias) {
		Shapes.requireRank("linear weight", weight, 2);
		int out = weight.dim(0), in = weight.dim(1);
		Shapes.requireShape("linear bias", bias, out);
		float[] wt = kernels.packB(WeightLayouts.transpose(weight.data(), out, in), in, out);
		Bias b = bias(bias);
		return new DenseOp() {
			@Override
			public Tensor apply(Tensor x) {
				if (x.rank() < 1 || x.dim(-1) != in) throw new IllegalArgumentException(
					"linear layer expects last dimension " + in + ", got input of shape " + x.shapeString());
				int rows = x.size() / in;
				int[] shape = x.shape();
				shape[shape.length - 1] = out;
				float[] y = new float[rows * out];
				matmul(x.data(), 0, in, wt, b, y, 0, rows, in, out);
				return new Tensor(y, shape);
			}

			@Override
			public void applyRows(float[] a, int aOff, int lda, int rows, int width, float[] y, int yOff) {
				if (width != in || lda < in || aOff < 0 || aOff + (long) (rows - 1) * lda + in > a.length ||
					yOff < 0 || yOff + (long) rows * out > y.length) throw new IllegalArgumentException(
						"linear layer " + in + " -> " + out + ": " + rows + " rows of width " + width + " at " + aOff +
						" (stride " + lda + ") of " + a.length + " values into " + y.length + " values at " + yOff);
				matmul(a, aOff, lda, wt, b, y, yOff, rows, in, out);
			}
		};
	}

	@Override
	public DenseOp conv2d(Tensor weight, Tensor bias, int sh, int sw, int ph, int pw, int groups) {
		Shapes.requireConv2d(weight, bias, sh, sw, ph, pw, groups);
		int cout = weight.dim(0), cinG = weight.dim(1), kh = weight.dim(2), kw = weight.dim(3);
		int cin = cinG * groups;
		if (groups == cin && cout == cin && sh == sw) { // the depthwise kernels take one stride
			float[] w = WeightLayouts.depthwiseHwc(weight.data(), cin, kh, kw);
			float[] b = bias == null ? null : bias.data();
			return x -> depthwise(checkImage(x, cin), w, b, kh, kw, sh, ph, pw);
		}
		int coutG = cout / groups;
		// per group: [kh*kw*cinG, coutG], matching the im2col patch order (ky, kx, c)
		float[][] w = new float[groups][];
		for (int g = 0; g < groups; g++)
			w[g] = kernels.packB(WeightLayouts.hwioGroup(weight.data(), g, coutG, cinG, kh, kw), kh * kw * cinG, coutG);
		Geometry g = new Geometry(kh, kw, sh, sw, ph, pw);
		Bias b = bias(bias);
		return x -> convolve(checkImage(x, cin), w, b, cout, cinG, coutG, groups, g);
	}

	/**
	 * C = A B + bias (B packed, bias per column or null) for rows of A, threaded over blocks of 8 rows (the vector
	 * micro-kernel's height); each task adds the bias to its own rows while they are in cache.
	 */
	void matmul(float[] a, int aOff, int lda, float[] b, Bias bias, float[] c, int cOff, int rows, int k, int n) {
		// about 64k multiply-adds per task at least, so small layers stay on one thread
		int grain = Math.max(1, 65536 / Math.max(1, 8 * k * n));
		Parallel.range((rows + 7) / 8, grain, (from, to) -> {
			int r0 = from * 8, r1 = Math.min(rows, to * 8);
			kernels.matmulRows(a, aOff, lda, b, c, cOff, r0, r1, k, n);
			if (bias != null) bias.addTo(c, cOff + r0 * n, cOff + r1 * n);
		});
	}

	private static Tensor checkImage(Tensor x, int channels) {
		if (x.rank() != 4 || x.dim(3) != channels) throw new IllegalArgumentException(
			"conv2d expects an NHWC image with " + channels + " channels, got shape " + x.shapeString());
		return x;
	}

	/** Kernel size, stride and zero padding per axis. */
	private record Geometry(int kh, int kw, int sh, int sw, int ph, int pw) {}

	private Tensor depthwise(Tensor x, float[] w, float[] b, int kh, int kw, int stride, int ph, int pw) {
		int n = x.dim(0), h = x.dim(1), wd = x.dim(2), c = x.dim(3);
		int oh = Shapes.convOut(h, kh, stride, ph), ow = Shapes.convOut(wd, kw, stride, pw);
		float[] y = new float[n * oh * ow * c];
		Parallel.range(n * oh, 2, (from, to) -> {
			for (int r = from; r < to; r++) {
				int img = r / oh, oy = r % oh;
				kernels.depthwiseRows(x.data(), img * h * wd * c, h, wd, c, w, b, kh, kw, stride, ph, pw,
					y, img * oh * ow * c, oh, ow, oy, oy + 1);
			}
		});
		return new Tensor(y, n, oh, ow, c);
	}

	private Tensor convolve(Tensor x, float[][] w, Bias b, int cout, int cinG, int coutG, int groups, Geometry g) {
		int n = x.dim(0), h = x.dim(1), wd = x.dim(2), cin = x.dim(3), kh = g.kh, kw = g.kw;
		int oh = Shapes.convOut(h, kh, g.sh, g.ph), ow = Shapes.convOut(wd, kw, g.sw, g.pw);
		int rows = n * oh * ow, patch = kh * kw * cinG;
		float[] y = new float[rows * cout];
		boolean pointwise = kh == 1 && kw == 1 && g.sh == 1 && g.sw == 1 && g.ph == 0 && g.pw == 0 && groups == 1;
		if (pointwise) {
			matmul(x.data(), 0, cin, w[0], b, y, 0, rows, cin, cout);
		}
		else {
			int perBlock = rowsPerBlock(rows, Parallel.threads()), blocks = (rows + perBlock - 1) / perBlock;
			Parallel.range(blocks, 1, (from, to) -> {
				float[] cols = new float[perBlock * patch];
				float[] part = groups == 1 ? null : new float[perBlock * coutG];
				for (int blk = from; blk < to; blk++) {
					int r0 = blk * perBlock, r1 = Math.min(rows, r0 + perBlock);
					for (int gr = 0; gr < groups; gr++) {
						im2col(x.data(), h, wd, cin, gr * cinG, cinG, g, oh, ow, r0, r1, cols);
						if (groups == 1) {
							kernels.matmulRows(cols, 0, patch, w[0], y, r0 * cout, 0, r1 - r0, patch, cout);
						}
						else {
							kernels.matmulRows(cols, 0, patch, w[gr], part, 0, 0, r1 - r0, patch, coutG);
							for (int r = r0; r < r1; r++)
								System.arraycopy(part, (r - r0) * coutG, y, r * cout + gr * coutG, coutG);
						}
					}
					if (b != null) b.addTo(y, r0 * cout, r1 * cout);
				}
			});
		}
		return new Tensor(y, n, oh, ow, cout);
	}

	/**
	 * Output pixels per convolution task: up to 256 (the block's patch rows stay in L2), fewer where the image is
	 * small so that each thread gets about four tasks (MedMamba's 14x14 and 7x7 stages were one task), but at least
	 * 32 (whole 8-row micro-kernel blocks; a row's result does not depend on its block).
	 */
	static int rowsPerBlock(int rows, int threads) {
		int share = (rows + 4 * threads - 1) / (4 * threads);
		return Math.max(32, Math.min(ROWS_PER_BLOCK, (share + 7) / 8 * 8));
	}

	/** Rows [r0, r1) of the patch matrix: one output pixel per row, (ky, kx, c) along the row, zeros outside. */
	private static void im2col(float[] x, int h, int w, int cin, int c0, int cn, Geometry g, int oh, int ow, int r0,
		int r1, float[] cols)
	{
		int kh = g.kh, kw = g.kw, patch = kh * kw * cn;
		for (int r = r0; r < r1; r++) {
			int img = r / (oh * ow), rem = r % (oh * ow), oy = rem / ow, ox = rem % ow;
			int o = (r - r0) * patch;
			for (int ky = 0; ky < kh; ky++) {
				int iy = oy * g.sh - g.ph + ky;
				for (int kx = 0; kx < kw; kx++, o += cn) {
					int ix = ox * g.sw - g.pw + kx;
					if (iy < 0 || iy >= h || ix < 0 || ix >= w) Arrays.fill(cols, o, o + cn, 0f);
					else System.arraycopy(x, ((img * h + iy) * w + ix) * cin + c0, cols, o, cn);
				}
			}
		}
	}

	/** A layer's bias, added per task to the rows it computed, while they are in cache. */
	private final class Bias {
		private final float[] shift, zeros, ones;

		Bias(float[] shift) {
			this.shift = shift;
			zeros = new float[shift.length];
			ones = new float[shift.length];
			Arrays.fill(ones, 1f);
		}

		/** y[from, to) += shift per row of shift.length values. */
		void addTo(float[] y, int from, int to) {
			int n = shift.length;
			kernels.channelAffine(y, y, from, (to - from) / n, n, zeros, ones, shift, 1f);
		}
	}

	private Bias bias(Tensor bias) {
		return bias == null ? null : new Bias(bias.data());
	}
}

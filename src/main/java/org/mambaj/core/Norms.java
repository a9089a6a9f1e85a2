package org.mambaj.core;

/** Normalizations in inference mode on channels-last tensors (the channel is the last axis). */
public final class Norms {

	private Norms() {}

	/** LayerNorm over the last axis (also PyTorch's channel LayerNorm on NCHW, since channels are last here). */
	public static Tensor layerNorm(Tensor x, float[] weight, float[] bias, float eps) {
		int c = checkChannels("layer norm", x, weight, bias);
		float[] in = x.data(), out = new float[in.length];
		// the kernels take a full affine: ones and zeros stand in for a missing weight or bias
		float[] w = weight != null ? weight : filled(c, 1f), b = bias != null ? bias : new float[c];
		Kernels k = Kernels.best();
		Parallel.range(in.length / c, Math.max(1, 16384 / c), (from, to) -> k.layerNorm(in, out, c, w, b, eps, from, to));
		return new Tensor(out, x.shape());
	}

	/**
	 * LayerNorm(x) * silu(z) over the last axis: the out_norm and gate of SS2D in one parallel pass, each task
	 * gating the rows it has just normalized while they are in cache. The same kernels as {@link #layerNorm} and
	 * {@link Layout#mulSilu} one after the other, on task boundaries at whole vectors, so the same values.
	 */
	public static Tensor layerNormGate(Tensor x, float[] weight, float[] bias, float eps, Tensor z) {
		int c = checkChannels("layer norm", x, weight, bias);
		if (!z.sameShape(x.shape())) throw new IllegalArgumentException(
			"cannot gate a layer norm of shape " + x.shapeString() + " with shape " + z.shapeString());
		float[] in = x.data(), gate = z.data(), out = new float[in.length];
		float[] w = weight != null ? weight : filled(c, 1f), b = bias != null ? bias : new float[c];
		Kernels k = Kernels.best();
		// rows in units whose values fill whole 16-float vectors: the gate's scalar tail stays at the very end
		int unit = 16 / gcd(c, 16), rows = in.length / c;
		Parallel.range((rows + unit - 1) / unit, Math.max(1, 16384 / (c * unit)), (from, to) -> {
			int r0 = from * unit, r1 = Math.min(rows, to * unit);
			k.layerNorm(in, out, c, w, b, eps, r0, r1);
			k.mulSilu(out, gate, out, r0 * c, r1 * c);
		});
		return new Tensor(out, x.shape());
	}

	private static int gcd(int a, int b) {
		return b == 0 ? a : gcd(b, a % b);
	}

	private static float[] filled(int n, float v) {
		float[] a = new float[n];
		java.util.Arrays.fill(a, v);
		return a;
	}

	/** RMSNorm over the last axis: x / sqrt(mean(x^2) + eps) * weight. */
	public static Tensor rmsNorm(Tensor x, float[] weight, float eps) {
		int c = checkChannels("RMS norm", x, weight, null);
		float[] in = x.data(), out = new float[in.length];
		Parallel.rows(in.length / c, c, (r0, r1) -> {
			for (int o = r0 * c; o < r1 * c; o += c) {
				float ss = 0;
				for (int i = 0; i < c; i++) ss += in[o + i] * in[o + i];
				float inv = (float) (1.0 / Math.sqrt(ss / c + eps));
				for (int i = 0; i < c; i++) out[o + i] = in[o + i] * inv * (weight == null ? 1f : weight[i]);
			}
		});
		return new Tensor(out, x.shape());
	}

	/** BatchNorm with running statistics, folded into one scale and shift per channel. */
	public static Tensor batchNorm(Tensor x, float[] mean, float[] var, float[] weight, float[] bias, float eps) {
		int c = checkChannels("batch norm", x, mean, var);
		float[] scale = new float[c], shift = new float[c];
		for (int i = 0; i < c; i++) {
			scale[i] = (float) ((weight == null ? 1.0 : weight[i]) / Math.sqrt(var[i] + eps));
			shift[i] = (bias == null ? 0f : bias[i]) - mean[i] * scale[i];
		}
		return scaleShift(x, scale, shift);
	}

	/** y = x * scale[c] + shift[c] per channel. */
	public static Tensor scaleShift(Tensor x, float[] scale, float[] shift) {
		int c = scale.length;
		float[] in = x.data(), out = new float[in.length];
		Parallel.range(in.length / c, 1024, (from, to) -> {
			for (int r = from; r < to; r++)
				for (int i = 0, o = r * c; i < c; i++) out[o + i] = in[o + i] * scale[i] + (shift == null ? 0f : shift[i]);
		});
		return new Tensor(out, x.shape());
	}

	/** InstanceNorm over H and W of each image and channel of an NHWC tensor, with optional affine. */
	public static Tensor instanceNorm(Tensor x, float[] weight, float[] bias, float eps) {
		return instanceNorm(x, weight, bias, eps, 1f);
	}

	/**
	 * InstanceNorm followed by LeakyReLU with {@code slope} in the same pass (slope 1 is no activation): nnU-Net
	 * and U-Mamba put one after nearly every convolution, and a separate pass over a full-resolution tensor costs
	 * as much as the normalization's own.
	 */
	public static Tensor instanceNormLeakyRelu(Tensor x, float[] weight, float[] bias, float eps, float slope) {
		return instanceNorm(x, weight, bias, eps, slope);
	}

	/** Positions per partial sum: a fixed split, so that the statistics do not depend on the thread count. */
	private static final int STAT_CHUNK = 4096;

	private static Tensor instanceNorm(Tensor x, float[] weight, float[] bias, float eps, float slope) {
		Shapes.requireRank("instance norm input", x, 4);
		if (!(slope >= 0f && slope <= 1f)) throw new IllegalArgumentException("LeakyReLU slope must be in [0, 1], got " + slope);
		int n = x.dim(0), hw = x.dim(1) * x.dim(2), c = x.dim(3);
		float[] in = x.data(), out = new float[in.length];
		int chunks = (hw + STAT_CHUNK - 1) / STAT_CHUNK;
		Kernels kernels = Kernels.best();
		for (int img = 0; img < n; img++) {
			int first = img * hw; // this image's first row of c values
			// sum and sum of squares per channel: one partial per chunk of positions, in memory order (channels
			// innermost), then added up in chunk order
			double[][] sum = new double[chunks][c], sq = new double[chunks][c];
			Parallel.range(chunks, 1, (from, to) -> {
				for (int k = from; k < to; k++)
					kernels.channelSums(in, (first + k * STAT_CHUNK) * c, Math.min(hw - k * STAT_CHUNK, STAT_CHUNK), c, sum[k], sq[k]);
			});
			// per channel y = (x - mean) * scale + shift, then the LeakyReLU, in one pass in memory order
			float[] mean = new float[c], scale = new float[c], shift = new float[c];
			for (int i = 0; i < c; i++) {
				double total = 0, totalSq = 0;
				for (int k = 0; k < chunks; k++) {
					total += sum[k][i];
					totalSq += sq[k][i];
				}
				double m = total / hw, var = Math.max(0, totalSq / hw - m * m);
				mean[i] = (float) m;
				scale[i] = (float) (1.0 / Math.sqrt(var + eps)) * (weight == null ? 1f : weight[i]);
				shift[i] = bias == null ? 0f : bias[i];
			}
			Parallel.range(hw, Math.max(1, 16384 / c), (from, to) ->
				kernels.channelAffine(in, out, (first + from) * c, to - from, c, mean, scale, shift, slope));
		}
		return new Tensor(out, x.shape());
	}

	private static int checkChannels(String what, Tensor x, float[] a, float[] b) {
		int c = x.dim(-1);
		if ((a != null && a.length != c) || (b != null && b.length != c)) throw new IllegalArgumentException(
			what + " has parameters for " + (a != null ? a.length : b.length) + " channels, input has shape " +
			x.shapeString());
		return c;
	}
}

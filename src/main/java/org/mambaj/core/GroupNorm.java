package org.mambaj.core;

/** PyTorch's GroupNorm on NHWC images: each image's channels split into groups, each normalized over its channels and pixels. */
public final class GroupNorm {

	private GroupNorm() {}

	/** weight and bias per channel (affine) or null. */
	public static Tensor apply(Tensor x, int groups, float[] weight, float[] bias, float eps) {
		Shapes.requireRank("group norm input", x, 4);
		int n = x.dim(0), hw = x.dim(1) * x.dim(2), c = x.dim(3);
		if (groups < 1 || c % groups != 0) throw new IllegalArgumentException(
			"group norm: " + c + " channels cannot be split into " + groups + " groups (shape " + x.shapeString() + ")");
		if (weight != null && weight.length != c) throw new IllegalArgumentException(
			"group norm has parameters for " + weight.length + " channels, input has shape " + x.shapeString());
		int cg = c / groups;
		float[] in = x.data(), out = new float[in.length];
		Parallel.range(n * groups, 1, (from, to) -> {
			for (int job = from; job < to; job++) {
				int img = job / groups, c0 = (job % groups) * cg, base = img * hw * c;
				double sum = 0, sq = 0;
				for (int p = 0; p < hw; p++)
					for (int i = c0; i < c0 + cg; i++) {
						double v = in[base + p * c + i];
						sum += v;
						sq += v * v;
					}
				double count = (double) hw * cg, mean = sum / count, var = Math.max(0, sq / count - mean * mean);
				float inv = (float) (1.0 / Math.sqrt(var + eps));
				for (int p = 0; p < hw; p++)
					for (int i = c0; i < c0 + cg; i++) {
						int o = base + p * c + i;
						out[o] = (float) ((in[o] - mean) * inv) * (weight == null ? 1f : weight[i]) + (bias == null ? 0f : bias[i]);
					}
			}
		});
		return new Tensor(out, x.shape());
	}
}

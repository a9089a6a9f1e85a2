package org.mambaj.core;

/**
 * Mamba's depthwise causal 1D convolution over tokens: PyTorch's Conv1d(groups=D, padding=k-1) cropped to
 * the first L outputs, so token l sees tokens l-k+1 .. l. Input and output [B, L, D].
 */
public final class CausalConv1d {

	private CausalConv1d() {}

	/** weight [D, 1, k] as in PyTorch, bias [D] or null. */
	public static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
		Shapes.requireRank("causal conv1d input", x, 3);
		Shapes.requireRank("causal conv1d weight", weight, 3);
		int n = x.dim(0), len = x.dim(1), d = x.dim(2), k = weight.dim(2);
		if (weight.dim(0) != d || weight.dim(1) != 1) throw new IllegalArgumentException(
			"causal conv1d weight must be [" + d + ", 1, k], got " + weight.shapeString());
		float[] in = x.data(), w = weight.data(), b = bias == null ? null : bias.data(), out = new float[in.length];
		Parallel.range(n * len, 64, (from, to) -> {
			for (int r = from; r < to; r++) {
				int l = r % len, base = (r - l) * d;
				for (int c = 0; c < d; c++) {
					float acc = b == null ? 0f : b[c];
					for (int j = 0; j < k; j++) {
						int src = l - (k - 1) + j;
						if (src >= 0) acc += w[c * k + j] * in[base + src * d + c];
					}
					out[r * d + c] = acc;
				}
			}
		});
		return new Tensor(out, n, len, d);
	}
}

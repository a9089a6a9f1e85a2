package org.mambaj.core;

/** Element-wise activations, each returning a new tensor; formulas follow PyTorch's defaults. */
public final class Activations {

	private Activations() {}

	@FunctionalInterface
	private interface FloatOp {
		float apply(float v);
	}

	private static Tensor map(Tensor x, FloatOp f) {
		float[] in = x.data(), out = new float[in.length];
		Parallel.range(in.length, 1 << 15, (from, to) -> {
			for (int i = from; i < to; i++) out[i] = f.apply(in[i]);
		});
		return new Tensor(out, x.shape());
	}

	@FunctionalInterface
	private interface RangeOp {
		void apply(float[] in, float[] out, int from, int to);
	}

	/** One of the {@link Kernels} activations (vectorized where available) over x, in blocks of 4096. */
	private static Tensor kernel(Tensor x, RangeOp op) {
		float[] in = x.data(), out = new float[in.length];
		Parallel.range((in.length + 4095) / 4096, 8, (from, to) -> op.apply(in, out, from * 4096, Math.min(in.length, to * 4096)));
		return new Tensor(out, x.shape());
	}

	/** SiLU written over x's own values (x is returned): for an op's new output that nothing else holds. */
	public static Tensor siluInPlace(Tensor x) {
		float[] v = x.data();
		Kernels k = Kernels.best();
		Parallel.range((v.length + 4095) / 4096, 8, (from, to) -> k.silu(v, v, from * 4096, Math.min(v.length, to * 4096)));
		return x;
	}

	public static Tensor relu(Tensor x) {
		float[] in = x.data(), out = new float[in.length];
		Parallel.range(in.length, 1 << 15, (from, to) -> {
			for (int i = from; i < to; i++) out[i] = in[i] < 0f ? 0f : in[i]; // NaN stays NaN, as in PyTorch
		});
		return new Tensor(out, x.shape());
	}

	/** PyTorch's LeakyReLU, 0 <= slope <= 1: v for v >= 0, slope * v below (nnU-Net and MambaIR use 0.01). */
	public static Tensor leakyRelu(Tensor x, float slope) {
		checkSlope(slope);
		Kernels k = Kernels.best();
		return kernel(x, (in, out, from, to) -> k.leaky(in, out, slope, from, to));
	}

	/** LeakyReLU(a + b) in one pass, 0 <= slope <= 1: the residual join of nnU-Net's and U-Mamba's blocks. */
	public static Tensor addLeakyRelu(Tensor a, Tensor b, float slope) {
		if (!a.sameShape(b.shape())) throw new IllegalArgumentException(
			"cannot add tensors of shapes " + a.shapeString() + " and " + b.shapeString());
		checkSlope(slope);
		float[] x = a.data(), y = b.data(), out = new float[x.length];
		Kernels k = Kernels.best();
		Parallel.range((out.length + 4095) / 4096, 8, (from, to) ->
			k.addLeaky(x, y, out, slope, from * 4096, Math.min(out.length, to * 4096)));
		return new Tensor(out, a.shape());
	}

	/** The vector kernels' LeakyReLU is max(v, slope * v), which is the LeakyReLU only for slopes in [0, 1]. */
	private static void checkSlope(float slope) {
		if (!(slope >= 0f && slope <= 1f)) throw new IllegalArgumentException("LeakyReLU slope must be in [0, 1], got " + slope);
	}

	public static Tensor sigmoid(Tensor x) { return kernel(x, Kernels.best()::sigmoid); }
	public static Tensor silu(Tensor x) { return kernel(x, Kernels.best()::silu); }
	public static Tensor gelu(Tensor x) { return kernel(x, Kernels.best()::gelu); }
	public static Tensor softplus(Tensor x) { return map(x, SelectiveScan::softplus); }

	public static float sigmoid(float v) {
		return (float) (1.0 / (1.0 + Math.exp(-v)));
	}

	public static float silu(float v) {
		return v * sigmoid(v);
	}

	/** Exact (erf) GELU, PyTorch's default. */
	public static float gelu(float v) {
		return (float) (0.5 * v * (1.0 + erf(v * 0.7071067811865476)));
	}

	/** Softmax over the last axis, shifted by the row maximum for stability. */
	public static Tensor softmax(Tensor x) {
		int n = x.dim(-1), rows = x.size() / Math.max(1, n);
		float[] in = x.data(), out = new float[in.length];
		for (int r = 0; r < rows; r++) {
			int o = r * n;
			float max = Float.NEGATIVE_INFINITY;
			for (int i = 0; i < n; i++) max = Math.max(max, in[o + i]);
			double sum = 0;
			for (int i = 0; i < n; i++) sum += out[o + i] = (float) Math.exp(in[o + i] - max);
			for (int i = 0; i < n; i++) out[o + i] = (float) (out[o + i] / sum);
		}
		return new Tensor(out, x.shape());
	}

	/** Error function via the Chebyshev-fitted erfc of Numerical Recipes (fractional error below 1.2e-7: enough for fp32). */
	static double erf(double x) {
		double z = Math.abs(x);
		double t = 1.0 / (1.0 + 0.5 * z);
		double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
			t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
			t * (-0.82215223 + t * 0.17087277)))))))));
		return x >= 0 ? 1.0 - r : r - 1.0;
	}
}

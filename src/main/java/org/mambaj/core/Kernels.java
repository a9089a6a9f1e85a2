package org.mambaj.core;

/**
 * The hot CPU loops, in two implementations: {@link VectorKernels} (jdk.incubator.vector, used when
 * the JVM was started with {@code --add-modules jdk.incubator.vector}) and {@link ScalarKernels}
 * (plain Java, works everywhere). Both compute the same thing; tests compare them.
 */
public interface Kernels {

	String name();

	/**
	 * B (K x N, row-major) in this implementation's layout for {@link #matmulRows}; done once per weight matrix.
	 * May return {@code b} itself.
	 */
	float[] packB(float[] b, int k, int n);

	/**
	 * c[m][n] = sum_k a[aOff + m*lda + k] * B[k][n] for rows [m0, m1): row-major A (M x K), C (M x N), and B as
	 * returned by {@link #packB} of the same kernels. Overwrites C.
	 */
	void matmulRows(float[] a, int aOff, int lda, float[] b, float[] c, int cOff, int m0, int m1, int k, int n);

	/**
	 * Depthwise 2D convolution in NHWC for output rows [oy0, oy1) of one image: w is [kh][kw][C],
	 * zero padding.
	 */
	void depthwiseRows(float[] x, int xOff, int h, int w, int c, float[] weight, float[] bias, int kh, int kw,
		int stride, int padY, int padX, float[] y, int yOff, int oh, int ow, int oy0, int oy1);

	/**
	 * Direction k of the selective scan for batch item {@code batch} and channels [d0, d1): its output at every
	 * position is added into {@code y} (laid out as the problem's y; {@link SelectiveScan#run} zeroes it first).
	 */
	void scanDirection(SelectiveScan.Problem p, int batch, int k, int d0, int d1, float[] y);

	/** out[i] = sigmoid(in[i]) for i in [from, to); likewise {@link #silu} and exact (erf) {@link #gelu}. */
	void sigmoid(float[] in, float[] out, int from, int to);

	void silu(float[] in, float[] out, int from, int to);

	void gelu(float[] in, float[] out, int from, int to);

	/** out[i] = a[i] * silu(b[i]): the gate of Mamba and SS2D. */
	void mulSilu(float[] a, float[] b, float[] out, int from, int to);

	/** LayerNorm over rows [r0, r1) of width c, with affine weight and bias (both non-null). */
	void layerNorm(float[] in, float[] out, int c, float[] weight, float[] bias, float eps, int r0, int r1);

	/**
	 * Adds each channel's values and squares over {@code rows} rows of c values starting at in[off] into sum[i] and
	 * sq[i], in double (as PyTorch accumulates float statistics on the CPU): InstanceNorm's first pass.
	 */
	void channelSums(float[] in, int off, int rows, int c, double[] sum, double[] sq);

	/**
	 * Per channel out = leaky((in - mean[i]) * scale[i] + shift[i]) over {@code rows} rows of c values starting at
	 * index off of both arrays, with leaky(v) = v for v >= 0 and slope * v below, 0 <= slope <= 1 (slope 1: no
	 * activation). The second pass of InstanceNorm and, with mean 0 and scale 1, a bias add. {@code in} and
	 * {@code out} may be the same array.
	 */
	void channelAffine(float[] in, float[] out, int off, int rows, int c, float[] mean, float[] scale, float[] shift,
		float slope);

	/** out[i] = leaky(a[i] + b[i]) for i in [from, to), leaky as in {@link #channelAffine}: a residual join. */
	void addLeaky(float[] a, float[] b, float[] out, float slope, int from, int to);

	/** out[i] = leaky(in[i]) for i in [from, to), leaky as in {@link #channelAffine}: the LeakyReLU on its own. */
	void leaky(float[] in, float[] out, float slope, int from, int to);

	static Kernels best() {
		return KernelChoice.BEST;
	}

	static Kernels scalar() {
		return KernelChoice.SCALAR;
	}
}

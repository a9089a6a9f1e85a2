package org.mambaj.core;

/**
 * PyTorch weight layouts converted once, at load time, to the channels-last forms both engines use
 * (the Java im2col matmul and TensorFlow's HWIO filters happen to want the same ones).
 */
final class WeightLayouts {

	private WeightLayouts() {}

	/** A row-major rows x cols matrix transposed: PyTorch's linear [out, in] to [in, out]. */
	static float[] transpose(float[] m, int rows, int cols) {
		float[] t = new float[m.length];
		for (int r = 0; r < rows; r++)
			for (int c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
		return t;
	}

	/**
	 * Group g of a convolution weight [Cout, Cin/groups, kh, kw] as [kh, kw, Cin/groups, Cout/groups]
	 * (HWIO; also the row order (ky, kx, c) of an NHWC im2col patch).
	 */
	static float[] hwioGroup(float[] w, int g, int coutG, int cinG, int kh, int kw) {
		float[] out = new float[kh * kw * cinG * coutG];
		for (int o = 0; o < coutG; o++)
			for (int c = 0; c < cinG; c++)
				for (int ky = 0; ky < kh; ky++)
					for (int kx = 0; kx < kw; kx++)
						out[((ky * kw + kx) * cinG + c) * coutG + o] = w[(((g * coutG + o) * cinG + c) * kh + ky) * kw + kx];
		return out;
	}

	/** A depthwise weight [C, 1, kh, kw] as [kh, kw, C]. */
	static float[] depthwiseHwc(float[] w, int c, int kh, int kw) {
		float[] out = new float[kh * kw * c];
		for (int ch = 0; ch < c; ch++)
			for (int k = 0; k < kh * kw; k++) out[k * c + ch] = w[ch * kh * kw + k];
		return out;
	}
}

package org.mambaj.image;

/**
 * nnU-Net's sliding window (nnunetv2/inference/sliding_window_prediction.py) for any number of spatial axes: where
 * the patches start, and the Gaussian importance map each patch's prediction is weighted with, so that patch
 * centres count more than patch borders.
 */
public final class SlidingWindow {

	/** nnU-Net's sigma_scale (sigma = patch / 8) and value_scaling_factor. */
	public static final double SIGMA_SCALE = 1.0 / 8, VALUE_SCALE = 10;
	/** scipy.ndimage.gaussian_filter's default truncate: the kernel ends at 4 sigma. */
	private static final double TRUNCATE = 4.0;

	private SlidingWindow() {}

	/**
	 * Patch origins along each axis (compute_steps_for_sliding_window): as many steps of at most
	 * {@code patch * step} as needed to cover the axis, spread evenly, rounded half to even as NumPy rounds.
	 */
	public static int[][] starts(int[] size, int[] patch, double step) {
		int[][] out = new int[size.length][];
		for (int d = 0; d < size.length; d++) {
			if (size[d] < patch[d]) throw new IllegalArgumentException("axis " + d + " has " + size[d] +
				" pixels, less than the patch's " + patch[d] + " (pad first)");
			double target = patch[d] * step;
			int n = (int) Math.ceil((size[d] - patch[d]) / target) + 1;
			int last = size[d] - patch[d];
			out[d] = new int[n];
			for (int i = 0; i < n; i++) out[d][i] = n > 1 ? (int) Math.rint((double) last / (n - 1) * i) : 0;
		}
		return out;
	}

	/**
	 * The importance map of a patch, row-major (compute_gaussian): a unit impulse at the centre ({@code patch / 2})
	 * smoothed with sigma {@code patch / 8} per axis (kernel truncated at 4 sigma, zero outside), scaled so that its
	 * maximum is 10, zeros replaced by the smallest non-zero value (no pixel may get weight 0).
	 */
	public static float[] gaussian(int[] patch) {
		int dims = patch.length;
		double[][] axis = new double[dims][];
		for (int d = 0; d < dims; d++) {
			double sigma = patch[d] * SIGMA_SCALE;
			int radius = (int) (TRUNCATE * sigma + 0.5), centre = patch[d] / 2;
			axis[d] = new double[patch[d]];
			for (int i = 0; i < patch[d]; i++) {
				int x = i - centre;
				// the filter's normalisation cancels in the division by the maximum (the centre's value)
				axis[d][i] = Math.abs(x) <= radius ? Math.exp(-0.5 * x * x / (sigma * sigma)) : 0;
			}
		}
		int n = 1;
		for (int p : patch) n = Math.multiplyExact(n, p);
		float[] map = new float[n];
		int[] index = new int[dims];
		float minNonZero = Float.MAX_VALUE;
		for (int i = 0; i < n; i++) {
			double v = VALUE_SCALE;
			for (int d = 0; d < dims; d++) v *= axis[d][index[d]];
			map[i] = (float) v;
			if (map[i] > 0) minNonZero = Math.min(minNonZero, map[i]);
			for (int d = dims - 1; d >= 0 && ++index[d] == patch[d]; d--) index[d] = 0;
		}
		for (int i = 0; i < n; i++) if (map[i] == 0) map[i] = minNonZero;
		return map;
	}
}

package org.mambaj.image;

import java.util.Arrays;

/**
 * bioimage.io's {@code scale_range} per sample: lo and hi are the given percentiles of all pixels and
 * channels (NumPy's default linear interpolation, in double precision), and x -> (x - lo) / (hi - lo + 1e-6).
 * {@link #restore} undoes it for models whose output is in the input's range (denoising).
 */
public record Normalization(double lo, double hi) {

	public static final double EPS = 1e-6;

	public static Normalization percentiles(Plane p, double minPercentile, double maxPercentile) {
		checkPercentiles(minPercentile, maxPercentile);
		float[] sorted = p.data().clone();
		Arrays.sort(sorted);
		if (Float.isNaN(sorted[sorted.length - 1])) throw new IllegalArgumentException("the image contains NaN values");
		return new Normalization(percentile(sorted, minPercentile), percentile(sorted, maxPercentile));
	}

	public static void checkPercentiles(double minPercentile, double maxPercentile) {
		if (!(0 <= minPercentile && minPercentile < maxPercentile && maxPercentile <= 100))
			throw new IllegalArgumentException("percentiles must satisfy 0 <= low < high <= 100, got " +
				minPercentile + " and " + maxPercentile);
	}

	/** NumPy's 'linear' percentile of sorted values. */
	static double percentile(float[] sorted, double q) {
		double pos = q / 100.0 * (sorted.length - 1);
		int i = (int) Math.floor(pos);
		if (i >= sorted.length - 1) return sorted[sorted.length - 1];
		double f = pos - i;
		return sorted[i] + (sorted[i + 1] - (double) sorted[i]) * f;
	}

	public Plane apply(Plane p) {
		float[] in = p.data(), out = new float[in.length];
		double scale = 1.0 / (hi - lo + EPS);
		for (int i = 0; i < in.length; i++) out[i] = (float) ((in[i] - lo) * scale);
		return new Plane(out, p.channels(), p.height(), p.width());
	}

	public Plane restore(Plane p) {
		float[] in = p.data(), out = new float[in.length];
		double range = hi - lo + EPS;
		for (int i = 0; i < in.length; i++) out[i] = (float) (in[i] * range + lo);
		return new Plane(out, p.channels(), p.height(), p.width());
	}
}

package org.mambaj.image;

import org.mambaj.io.ProcessingStep.ScaleRange;

/**
 * bioimage.io's {@code scale_range} per sample: lo and hi are the given percentiles of all pixels and
 * channels (NumPy's default linear interpolation, in double precision), and x -> (x - lo) / (hi - lo + eps).
 * {@link #restore} undoes it for models whose output is in the input's range (denoising). The one implementation
 * of the step (per channel: {@link RangeScaling}, one per channel): the pipeline and the checkpoint packager both use
 * it.
 */
public record Normalization(double lo, double hi, double eps) {

	/** The package's step on this image: its percentiles and eps. */
	public static Normalization of(PixelSource p, ScaleRange step) {
		return percentiles(p, step.minPercentile(), step.maxPercentile(), step.eps());
	}

	/** The exact percentiles of every value of the image, without a sorted copy of it ({@link Percentiles}). */
	public static Normalization percentiles(PixelSource p, double minPercentile, double maxPercentile, double eps) {
		checkPercentiles(minPercentile, maxPercentile);
		double[] range = Percentiles.of(p, minPercentile, maxPercentile);
		return new Normalization(range[0], range[1], eps);
	}

	public static void checkPercentiles(double minPercentile, double maxPercentile) {
		if (!(0 <= minPercentile && minPercentile < maxPercentile && maxPercentile <= 100))
			throw new IllegalArgumentException("percentiles must satisfy 0 <= low < high <= 100, got " +
				minPercentile + " and " + maxPercentile);
	}

	public float apply(float v) {
		return (float) ((v - lo) / (hi - lo + eps)); // as NumPy computes it in float64, then rounded once
	}

	public float restore(float v) {
		return (float) (v * (hi - lo + eps) + lo);
	}

	public Plane apply(Plane p) {
		float[] in = p.data(), out = new float[in.length];
		for (int i = 0; i < in.length; i++) out[i] = apply(in[i]);
		return new Plane(out, p.channels(), p.height(), p.width());
	}
}

package org.mambaj.image;

import org.mambaj.io.ProcessingStep.ScaleRange;

/**
 * A {@code scale_range} step as computed on one image: one {@link Normalization} for all channels, or one per
 * channel when the step's statistics are per channel. {@link #restore} undoes it on an output with the input's
 * channels (denoising).
 */
public final class RangeScaling {

	/** One range for every channel (length 1), or the range of channel c at c. */
	private final Normalization[] ranges;

	private RangeScaling(Normalization[] ranges) {
		this.ranges = ranges;
	}

	/** The step's percentiles of {@code image}: of all its values, or of each channel's. */
	public static RangeScaling of(PixelSource image, ScaleRange step) {
		if (!step.perChannel()) return new RangeScaling(new Normalization[] { Normalization.of(image, step) });
		Normalization[] ranges = new Normalization[image.channels()];
		for (int c = 0; c < ranges.length; c++) ranges[c] = Normalization.of(image.channel(c), step);
		return new RangeScaling(ranges);
	}

	private Normalization range(int c) {
		return ranges[ranges.length == 1 ? 0 : c];
	}

	float apply(int c, float v) {
		return range(c).apply(v);
	}

	/** The step undone on {@code p}, channel by channel; a per-channel step needs an output with the input's channels. */
	Plane restore(Plane p, String who) {
		if (ranges.length > 1 && p.channels() != ranges.length) throw new IllegalArgumentException(who + ": restore_range " +
			"of a per-channel scale_range needs an output with the input's " + ranges.length + " channels, found " +
			p.channels());
		float[] in = p.data(), out = new float[in.length];
		int plane = p.height() * p.width();
		for (int c = 0; c < p.channels(); c++) {
			Normalization n = range(c);
			for (int i = c * plane; i < (c + 1) * plane; i++) out[i] = n.restore(in[i]);
		}
		return new Plane(out, p.channels(), p.height(), p.width());
	}
}

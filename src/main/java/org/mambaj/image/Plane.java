package org.mambaj.image;

import org.mambaj.core.Tensor;

/**
 * One 2D image with C channels as float32, channel-major (C, H, W), as ImageJ and ImgLib2 keep channels: the unit
 * the pipeline's whole-image steps work on. The network takes channels-last tiles instead, cut straight from the
 * image by {@link ChannelsLast}; {@link #asNchw()} is the [1, C, H, W] view for PyTorch-layout files.
 */
public final class Plane implements PixelSource {

	private final float[] data;
	private final int channels, height, width;

	public Plane(float[] data, int channels, int height, int width) {
		if (channels <= 0 || height <= 0 || width <= 0) throw new IllegalArgumentException(
			"an image must have at least one channel and pixel, got " + channels + "x" + height + "x" + width);
		if ((long) channels * height * width != data.length) throw new IllegalArgumentException(
			"plane of " + channels + "x" + height + "x" + width + " needs " + (long) channels * height * width +
			" values, got " + data.length);
		this.data = data; this.channels = channels; this.height = height; this.width = width;
	}

	public static Plane zeros(int channels, int height, int width) {
		return new Plane(new float[channels * height * width], channels, height, width);
	}

	/** A [1, C, H, W] tensor (PyTorch's layout; a network's channels-last output goes through {@link ChannelsLast#toPlane}). */
	public static Plane ofNchw(Tensor t) {
		if (t.rank() != 4 || t.dim(0) != 1) throw new IllegalArgumentException("expected a [1, C, H, W] tensor, got " + t.shapeString());
		return new Plane(t.data(), t.dim(1), t.dim(2), t.dim(3));
	}

	/** A float copy of any pixel source (e.g. a pre-processed input, for the steps that need it whole). */
	public static Plane copyOf(PixelSource s) {
		if ((long) s.channels() * s.height() * s.width() > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
			"an image of " + s.channels() + "x" + s.height() + "x" + s.width() + " values is larger than a Java array can hold");
		Plane p = zeros(s.channels(), s.height(), s.width());
		for (int c = 0; c < s.channels(); c++)
			for (int y = 0; y < s.height(); y++)
				for (int x = 0; x < s.width(); x++) p.set(c, y, x, s.get(c, y, x));
		return p;
	}

	public float[] data() { return data; }
	@Override public int channels() { return channels; }
	@Override public int height() { return height; }
	@Override public int width() { return width; }
	public int pixels() { return height * width; }

	@Override public float get(int c, int y, int x) { return data[(c * height + y) * width + x]; }
	public void set(int c, int y, int x, float v) { data[(c * height + y) * width + x] = v; }

	/** The backing array viewed as a [1, C, H, W] tensor (no copy): PyTorch's layout, not the network's. */
	public Tensor asNchw() {
		return new Tensor(data, 1, channels, height, width);
	}

	/** Channel c as a one-channel plane (a copy). */
	public Plane channel(int c) {
		float[] out = new float[pixels()];
		System.arraycopy(data, c * pixels(), out, 0, pixels());
		return new Plane(out, 1, height, width);
	}

	@Override
	public String toString() {
		return "Plane[" + channels + "x" + height + "x" + width + "]";
	}
}

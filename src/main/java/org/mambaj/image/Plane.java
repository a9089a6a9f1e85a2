package org.mambaj.image;

import org.mambaj.core.Tensor;

/**
 * One 2D image with C channels as float32, channel-major (C, H, W): the unit the pipeline works on. It is
 * the bridge between ImgLib2 / ImageJ images and model tensors ({@link #asBatch()} is a [1, C, H, W] view).
 */
public final class Plane {

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

	/** A [1, C, H, W] tensor. */
	public static Plane of(Tensor t) {
		if (t.rank() != 4 || t.dim(0) != 1) throw new IllegalArgumentException("expected a [1, C, H, W] tensor, got " + t.shapeString());
		return new Plane(t.data(), t.dim(1), t.dim(2), t.dim(3));
	}

	public float[] data() { return data; }
	public int channels() { return channels; }
	public int height() { return height; }
	public int width() { return width; }
	public int pixels() { return height * width; }

	public float get(int c, int y, int x) { return data[(c * height + y) * width + x]; }
	public void set(int c, int y, int x, float v) { data[(c * height + y) * width + x] = v; }

	/** The backing array viewed as a [1, C, H, W] tensor (no copy). */
	public Tensor asBatch() {
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

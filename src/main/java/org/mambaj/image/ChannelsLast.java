package org.mambaj.image;

import org.mambaj.core.Tensor;

/**
 * The network side of the pipeline: images as [1, H, W, C] channels-last tensors, the layout of
 * {@link org.mambaj.models.Model#forward}. Pixels are read from a {@link PixelSource} straight into this layout
 * (one copy, which the tiler makes anyway to cut a tile), so no tile is ever transposed.
 */
public final class ChannelsLast {

	private ChannelsLast() {}

	/** The whole image as a new [1, H, W, C] tensor. */
	public static Tensor copyOf(PixelSource s) {
		int c = s.channels(), h = s.height(), w = s.width();
		if ((long) c * h * w > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
			"an image of " + c + "x" + h + "x" + w + " values is larger than a Java array can hold");
		float[] out = new float[c * h * w];
		window(s, 0, 0, h, w, out);
		return new Tensor(out, 1, h, w, c);
	}

	/**
	 * Writes the window [y0, y0+th) x [x0, x0+tw) of {@code s} channels-last into {@code into} (th x tw x C values),
	 * mirrored without repeating the edge (NumPy's 'reflect') where the window leaves the image.
	 */
	public static void window(PixelSource s, int y0, int x0, int th, int tw, float[] into) {
		int c = s.channels(), h = s.height(), w = s.width();
		if (into.length < th * tw * c) throw new IllegalArgumentException("a " + th + "x" + tw + " window of " + c +
			" channel(s) needs " + th * tw * c + " values, the buffer has " + into.length);
		int[] sx = new int[tw];
		for (int x = 0; x < tw; x++) sx[x] = reflect(x0 + x, w);
		for (int y = 0; y < th; y++) {
			int sy = reflect(y0 + y, h), row = y * tw * c;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < tw; x++) into[row + x * c + k] = s.get(k, sy, sx[x]);
		}
	}

	/**
	 * Rows [0, h) and columns [0, w) of a [1, H, W, C] tensor as a channel-major plane (what post-processing and the
	 * image adapters take); the tensor's own array when it has one channel and nothing is cropped.
	 */
	public static Plane toPlane(Tensor t, int h, int w) {
		requireImage(t);
		int th = t.dim(1), tw = t.dim(2), c = t.dim(3);
		if (h > th || w > tw) throw new IllegalArgumentException("cannot take " + h + "x" + w + " pixels of " + t.shapeString());
		float[] in = t.data();
		if (c == 1 && h == th && w == tw) return new Plane(in, 1, h, w);
		float[] out = new float[c * h * w];
		for (int k = 0; k < c; k++)
			for (int y = 0; y < h; y++)
				for (int x = 0, src = y * tw * c + k, dst = (k * h + y) * w; x < w; x++, src += c) out[dst + x] = in[src];
		return new Plane(out, c, h, w);
	}

	/** A [1, H, W, C] tensor as a channel-major plane of the same size. */
	public static Plane toPlane(Tensor t) {
		requireImage(t);
		return toPlane(t, t.dim(1), t.dim(2));
	}

	/** Throws unless {@code t} is one channels-last image, [1, H, W, C]. */
	static void requireImage(Tensor t) {
		if (t.rank() != 4 || t.dim(0) != 1) throw new IllegalArgumentException(
			"expected one channels-last image [1, height, width, channels], got " + t.shapeString());
	}

	/** Index i mirrored into [0, n) without repeating the edge (NumPy's 'reflect'). */
	static int reflect(int i, int n) {
		if (n == 1) return 0;
		int period = 2 * (n - 1);
		i = Math.floorMod(i, period);
		return i < n ? i : period - i;
	}
}

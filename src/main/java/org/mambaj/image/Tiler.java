package org.mambaj.image;

import java.util.function.UnaryOperator;

/**
 * Runs a dense model over an image of any size in overlapping tiles and blends them with a smooth window,
 * so there are no seams and the model's working memory depends on the tile size, not the image size.
 *
 * An image that fits in one tile is padded at the bottom and right by mirror reflection (NumPy's 'reflect')
 * to the model's size multiple, run once and cropped: exactly how the training scripts evaluate.
 *
 * A super-resolution model gives an output {@code scale} times its input per axis: tiles are cut from the input
 * as usual, and their outputs are placed, blended (over scale x the overlap) and cropped at scale x the input
 * coordinates, so the result is scale times the image.
 */
public final class Tiler {

	private final int tile, overlap, multiple, scale;

	/**
	 * @param tile tile edge in pixels (rounded up to the size multiple)
	 * @param overlap pixels shared by neighbouring tiles (less than half a tile)
	 * @param multiple the model's size multiple (1 for any size)
	 */
	public Tiler(int tile, int overlap, int multiple) {
		this(tile, overlap, multiple, 1);
	}

	/**
	 * @param tile tile edge in input pixels (rounded up to the size multiple)
	 * @param overlap input pixels shared by neighbouring tiles (less than half a tile)
	 * @param multiple the model's size multiple (1 for any size)
	 * @param scale how many times larger than its input the model's output is per axis (1 unless super-resolution)
	 */
	public Tiler(int tile, int overlap, int multiple, int scale) {
		if (scale < 1) throw new IllegalArgumentException("output scale must be at least 1, got " + scale);
		this.scale = scale;
		if (multiple < 1) throw new IllegalArgumentException("size multiple must be at least 1, got " + multiple);
		this.multiple = multiple;
		this.tile = roundUp(tile, multiple);
		if (tile < multiple) throw new IllegalArgumentException(
			"tile size " + tile + " is smaller than the model's minimum of " + multiple + " pixels");
		if (overlap < 0 || 2 * overlap >= this.tile) throw new IllegalArgumentException(
			"overlap " + overlap + " must be at least 0 and less than half the tile size " + this.tile);
		this.overlap = overlap;
	}

	public int tileSize() {
		return tile;
	}

	/** How many times larger than the input the output is, per axis. */
	public int scale() {
		return scale;
	}

	/**
	 * Applies {@code model} ([C, h, w] plane to [C', scale*h, scale*w] plane) to the whole image; the result is
	 * [C', scale*H, scale*W].
	 */
	public Plane run(Plane image, UnaryOperator<Plane> model, Progress progress) {
		int h = image.height(), w = image.width(), s = scale;
		if (h <= tile && w <= tile) {
			int th = roundUp(h, multiple), tw = roundUp(w, multiple);
			Plane out = model.apply(reflectWindow(image, 0, 0, th, tw));
			checkOutput(out, th, tw, out.channels());
			progress.update(1, 1);
			return crop(out, h * s, w * s);
		}
		int th = Math.min(tile, roundUp(h, multiple)), tw = Math.min(tile, roundUp(w, multiple));
		int[] ys = starts(h, th), xs = starts(w, tw);
		// blending happens at output resolution: tiles, overlaps and offsets all scale by s
		int oh = h * s, ow = w * s, oth = th * s, otw = tw * s, ov = overlap * s;
		float[] wy = window(oth, ov), wx = window(otw, ov);
		float[] acc = null, weight = new float[oh * ow];
		int outC = 0, done = 0, total = ys.length * xs.length;
		for (int yi = 0; yi < ys.length; yi++) {
			for (int xi = 0; xi < xs.length; xi++) {
				if (progress.isCancelled()) throw new Progress.CancelledException();
				int y0 = ys[yi] * s, x0 = xs[xi] * s;
				Plane out = model.apply(reflectWindow(image, ys[yi], xs[xi], th, tw));
				if (acc == null) {
					outC = out.channels();
					acc = new float[outC * oh * ow];
				}
				checkOutput(out, th, tw, outC);
				boolean top = yi == 0, bottom = yi == ys.length - 1, left = xi == 0, right = xi == xs.length - 1;
				for (int y = 0; y < oth && y0 + y < oh; y++) {
					float fy = (top && y < ov) || (bottom && y >= oth - ov) ? 1f : wy[y];
					for (int x = 0; x < otw && x0 + x < ow; x++) {
						float fx = (left && x < ov) || (right && x >= otw - ov) ? 1f : wx[x];
						float f = fy * fx;
						int p = (y0 + y) * ow + x0 + x;
						weight[p] += f;
						for (int c = 0; c < outC; c++) acc[c * oh * ow + p] += f * out.get(c, y, x);
					}
				}
				progress.update(++done, total);
			}
		}
		for (int c = 0; c < outC; c++)
			for (int p = 0; p < oh * ow; p++) acc[c * oh * ow + p] /= weight[p];
		return new Plane(acc, outC, oh, ow);
	}

	/** The model must give scale x its input tile, with the same channels for every tile. */
	private void checkOutput(Plane out, int th, int tw, int channels) {
		if (out.height() != th * scale || out.width() != tw * scale || out.channels() != channels) throw new IllegalStateException(
			"model output " + out + " does not match its input tile " + th + "x" + tw + (scale == 1 ? ""
				: " scaled by " + scale + " (" + th * scale + "x" + tw * scale + ")") + "; the model's output scale " +
				"and the tiler's must agree");
	}

	/** Tile origins along one axis: stride tile - overlap, the last one flush with the end. */
	private int[] starts(int size, int t) {
		if (size <= t) return new int[] { 0 };
		int stride = t - overlap, n = (size - t + stride - 1) / stride + 1;
		int[] s = new int[n];
		for (int i = 0; i < n; i++) s[i] = Math.min(i * stride, size - t);
		return s;
	}

	/** Blending weights: a raised-cosine ramp over the overlap at each end, 1 in between (never 0). */
	private static float[] window(int t, int overlap) {
		float[] f = new float[t];
		for (int i = 0; i < t; i++) {
			int d = Math.min(i, t - 1 - i);
			f[i] = d >= overlap ? 1f : (float) Math.pow(Math.sin(Math.PI / 2 * (d + 0.5) / overlap), 2);
		}
		return f;
	}

	/** The window [y0, y0+th) x [x0, x0+tw), mirrored (without repeating the edge) where it leaves the image. */
	static Plane reflectWindow(Plane p, int y0, int x0, int th, int tw) {
		int c = p.channels(), h = p.height(), w = p.width();
		if (y0 == 0 && x0 == 0 && th == h && tw == w) return p;
		float[] out = new float[c * th * tw];
		for (int y = 0; y < th; y++) {
			int sy = reflect(y0 + y, h);
			for (int x = 0; x < tw; x++) {
				int sx = reflect(x0 + x, w);
				for (int k = 0; k < c; k++) out[(k * th + y) * tw + x] = p.get(k, sy, sx);
			}
		}
		return new Plane(out, c, th, tw);
	}

	static int reflect(int i, int n) {
		if (n == 1) return 0;
		int period = 2 * (n - 1);
		i = Math.floorMod(i, period);
		return i < n ? i : period - i;
	}

	static Plane crop(Plane p, int h, int w) {
		if (p.height() == h && p.width() == w) return p;
		int c = p.channels();
		float[] out = new float[c * h * w];
		for (int k = 0; k < c; k++)
			for (int y = 0; y < h; y++)
				System.arraycopy(p.data(), (k * p.height() + y) * p.width(), out, (k * h + y) * w, w);
		return new Plane(out, c, h, w);
	}

	static int roundUp(int v, int m) {
		return (v + m - 1) / m * m;
	}
}

package org.mambaj.image;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Runs a dense model over an image of any size in overlapping tiles and blends them with a smooth window,
 * so there are no seams and the model's working memory depends on the tile size, not the image size. Tiles are
 * read from any {@link PixelSource} (e.g. a pre-processing view of an 8-bit image) and finished output rows are
 * handed on as they are done, so a run holds no whole-image float buffer of its own.
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
	 * Receives the finished output rows of a run, top to bottom: rows [y0, y0 + rows.height()) of the output
	 * (scale times the image's size).
	 */
	public interface RowSink {
		void rows(int y0, Plane rows);
	}

	/**
	 * Applies {@code model} ([C, h, w] plane to [C', scale*h, scale*w] plane) to the whole image; the output
	 * [C', scale*H, scale*W] as one plane.
	 */
	public Plane run(PixelSource image, UnaryOperator<Plane> model, Progress progress) {
		Outputs.Floats all = new Outputs.Floats(image.height() * scale, image.width() * scale);
		run(image, model, all, progress);
		return all.result().toPlane();
	}

	/**
	 * Applies {@code model} to the whole image, handing the output to {@code sink} a band of rows at a time as
	 * soon as no later tile overlaps them: the blending needs a band of one tile's height, not a whole-image buffer.
	 */
	public void run(PixelSource image, UnaryOperator<Plane> model, RowSink sink, Progress progress) {
		int h = image.height(), w = image.width(), s = scale;
		if (h <= tile && w <= tile) {
			int th = roundUp(h, multiple), tw = roundUp(w, multiple);
			Plane out = model.apply(reflectWindow(image, 0, 0, th, tw));
			checkOutput(out, th, tw, out.channels());
			progress.update(1, 1);
			sink.rows(0, crop(out, h * s, w * s));
			return;
		}
		int th = Math.min(tile, roundUp(h, multiple)), tw = Math.min(tile, roundUp(w, multiple));
		int[] ys = starts(h, th), xs = starts(w, tw);
		// blending happens at output resolution: tiles, overlaps and offsets all scale by s
		int oh = h * s, ow = w * s, oth = th * s, otw = tw * s, ov = overlap * s;
		float[] wy = window(oth, ov), wx = window(otw, ov);
		// sums of weighted outputs and of weights for the band of output rows [ys[yi] * s, (ys[yi] + th) * s)
		float[] acc = null, weight = new float[Math.multiplyExact(oth, ow)];
		int outC = 0, done = 0, total = ys.length * xs.length, band = oth * ow;
		for (int yi = 0; yi < ys.length; yi++) {
			int y0 = ys[yi] * s;
			for (int xi = 0; xi < xs.length; xi++) {
				if (progress.isCancelled()) throw new Progress.CancelledException();
				int x0 = xs[xi] * s;
				Plane out = model.apply(reflectWindow(image, ys[yi], xs[xi], th, tw));
				if (acc == null) {
					outC = out.channels();
					acc = new float[Math.multiplyExact(outC, band)];
				}
				checkOutput(out, th, tw, outC);
				boolean top = yi == 0, bottom = yi == ys.length - 1, left = xi == 0, right = xi == xs.length - 1;
				for (int y = 0; y < oth && y0 + y < oh; y++) {
					float fy = (top && y < ov) || (bottom && y >= oth - ov) ? 1f : wy[y];
					for (int x = 0; x < otw && x0 + x < ow; x++) {
						float fx = (left && x < ov) || (right && x >= otw - ov) ? 1f : wx[x];
						float f = fy * fx;
						int p = y * ow + x0 + x;
						weight[p] += f;
						for (int c = 0; c < outC; c++) acc[c * band + p] += f * out.get(c, y, x);
					}
				}
				progress.update(++done, total);
			}
			// rows above the next tile row get no more contributions: hand them on, then move the band down
			int finished = (yi + 1 < ys.length ? ys[yi + 1] * s : oh) - y0;
			float[] rows = new float[outC * finished * ow];
			for (int c = 0; c < outC; c++)
				for (int p = 0; p < finished * ow; p++) rows[c * finished * ow + p] = acc[c * band + p] / weight[p];
			sink.rows(y0, new Plane(rows, outC, finished, ow));
			shiftUp(weight, 0, band, finished * ow);
			for (int c = 0; c < outC; c++) shiftUp(acc, c * band, band, finished * ow);
		}
	}

	/** The model must give scale x its input tile, with the same channels for every tile. */
	private void checkOutput(Plane out, int th, int tw, int channels) {
		if (out.height() != th * scale || out.width() != tw * scale || out.channels() != channels) throw new IllegalStateException(
			"model output " + out + " does not match its input tile " + th + "x" + tw + (scale == 1 ? ""
				: " scaled by " + scale + " (" + th * scale + "x" + tw * scale + ")") + "; the model's output scale " +
				"and the tiler's must agree");
	}

	/** Moves a[from + by, from + length) to a[from, ...) and zeroes the freed end. */
	private static void shiftUp(float[] a, int from, int length, int by) {
		System.arraycopy(a, from + by, a, from, length - by);
		Arrays.fill(a, from + length - by, from + length, 0f);
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
	static Plane reflectWindow(PixelSource p, int y0, int x0, int th, int tw) {
		int c = p.channels(), h = p.height(), w = p.width();
		if (y0 == 0 && x0 == 0 && th == h && tw == w && p instanceof Plane whole) return whole;
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

package org.mambaj.image;

import java.util.function.UnaryOperator;

/**
 * Runs a dense model over an image of any size in overlapping tiles and blends them with a smooth window,
 * so there are no seams and the model's working memory depends on the tile size, not the image size.
 *
 * An image that fits in one tile is padded at the bottom and right by mirror reflection (NumPy's 'reflect')
 * to the model's size multiple, run once and cropped: exactly how the training scripts evaluate.
 */
public final class Tiler {

	private final int tile, overlap, multiple;

	/**
	 * @param tile tile edge in pixels (rounded up to the size multiple)
	 * @param overlap pixels shared by neighbouring tiles (less than half a tile)
	 * @param multiple the model's size multiple (1 for any size)
	 */
	public Tiler(int tile, int overlap, int multiple) {
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

	/** Applies {@code model} ([C, h, w] plane to [C', h, w] plane) to the whole image. */
	public Plane run(Plane image, UnaryOperator<Plane> model, Progress progress) {
		int h = image.height(), w = image.width();
		if (h <= tile && w <= tile) {
			Plane out = model.apply(reflectWindow(image, 0, 0, roundUp(h, multiple), roundUp(w, multiple)));
			progress.update(1, 1);
			return crop(out, h, w);
		}
		int th = Math.min(tile, roundUp(h, multiple)), tw = Math.min(tile, roundUp(w, multiple));
		int[] ys = starts(h, th), xs = starts(w, tw);
		float[] wy = window(th), wx = window(tw);
		float[] acc = null, weight = new float[h * w];
		int outC = 0, done = 0, total = ys.length * xs.length;
		for (int yi = 0; yi < ys.length; yi++) {
			for (int xi = 0; xi < xs.length; xi++) {
				if (progress.isCancelled()) throw new Progress.CancelledException();
				int y0 = ys[yi], x0 = xs[xi];
				Plane out = model.apply(reflectWindow(image, y0, x0, th, tw));
				if (acc == null) {
					outC = out.channels();
					acc = new float[outC * h * w];
				}
				if (out.height() != th || out.width() != tw || out.channels() != outC) throw new IllegalStateException(
					"model output " + out + " does not match its input tile " + th + "x" + tw);
				boolean top = yi == 0, bottom = yi == ys.length - 1, left = xi == 0, right = xi == xs.length - 1;
				for (int y = 0; y < th && y0 + y < h; y++) {
					float fy = (top && y < overlap) || (bottom && y >= th - overlap) ? 1f : wy[y];
					for (int x = 0; x < tw && x0 + x < w; x++) {
						float fx = (left && x < overlap) || (right && x >= tw - overlap) ? 1f : wx[x];
						float f = fy * fx;
						int p = (y0 + y) * w + x0 + x;
						weight[p] += f;
						for (int c = 0; c < outC; c++) acc[c * h * w + p] += f * out.get(c, y, x);
					}
				}
				progress.update(++done, total);
			}
		}
		for (int c = 0; c < outC; c++)
			for (int p = 0; p < h * w; p++) acc[c * h * w + p] /= weight[p];
		return new Plane(acc, outC, h, w);
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
	private float[] window(int t) {
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

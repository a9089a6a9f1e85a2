package org.mambaj.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import org.mambaj.core.OneThreadPools;
import org.mambaj.core.Parallel;
import org.mambaj.core.Tensor;

/**
 * Runs a dense model over an image of any size in overlapping tiles and blends them with a smooth window,
 * so there are no seams and the model's working memory depends on the tile size, not the image size. Tiles are
 * read from any {@link PixelSource} (e.g. a pre-processing view of an 8-bit image) and finished output rows are
 * handed on as they are done, so a run holds no whole-image float buffer of its own. The network sees each tile
 * channels-last ([1, h, w, C], the layout of {@link org.mambaj.models.Model#forward}), read straight from the source
 * into a buffer that later tiles of the run reuse, and its channels-last output is blended as it is: no tile is
 * transposed on the way in or out.
 *
 * An image that fits in one tile is padded at the bottom and right by mirror reflection (NumPy's 'reflect')
 * to the model's size multiple, run once and cropped: exactly how the training scripts evaluate.
 *
 * A super-resolution model gives an output {@code scale} times its input per axis: tiles are cut from the input
 * as usual, and their outputs are placed, blended (over scale x the overlap) and cropped at scale x the input
 * coordinates, so the result is scale times the image.
 *
 * Tiles at once: with {@link #tilesAtOnce(int) K} above 1 and at least two tiles, up to K tiles are run at the same
 * time, each on its own one-thread pool ({@link OneThreadPools}: on two cores that scales better than splitting
 * every op of one tile over two threads), each from its own input buffer; then their outputs are blended one by one
 * in row-major order, exactly as one after another. The result is bit for bit the same (the model's output does
 * not depend on its thread count) and the memory grows by K tiles' working sets, not by the image (a 1024 x 1024
 * tile of the nuclei model holds about 0.4 GB while it runs). Should K tiles at once not fit in the heap (an
 * OutOfMemoryError in a tile), the run goes on one tile at a time, as on one thread.
 */
public final class Tiler {

	private final int tile, overlap, multiple, scale, tilesAtOnce;

	/**
	 * @param tile largest tile edge in pixels (rounded up to the size multiple; see {@link #edge})
	 * @param overlap pixels shared by neighbouring tiles (less than half a tile)
	 * @param multiple the model's size multiple (1 for any size)
	 */
	public Tiler(int tile, int overlap, int multiple) {
		this(tile, overlap, multiple, 1);
	}

	/**
	 * @param tile largest tile edge in input pixels (rounded up to the size multiple; see {@link #edge})
	 * @param overlap input pixels shared by neighbouring tiles (less than half a tile)
	 * @param multiple the model's size multiple (1 for any size)
	 * @param scale how many times larger than its input the model's output is per axis (1 unless super-resolution)
	 */
	public Tiler(int tile, int overlap, int multiple, int scale) {
		this(tile, overlap, multiple, scale, 1);
	}

	private Tiler(int tile, int overlap, int multiple, int scale, int tilesAtOnce) {
		if (tilesAtOnce < 1) throw new IllegalArgumentException("tiles at once must be at least 1, got " + tilesAtOnce);
		this.tilesAtOnce = tilesAtOnce;
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
	 * This tiler running up to {@code k} tiles at once, each on a one-thread pool of its own (1: one after another,
	 * every op of a tile on the caller's pool). The model given to {@link #run} must then be safe to call from k
	 * threads at once.
	 */
	public Tiler tilesAtOnce(int k) {
		return new Tiler(tile, overlap, multiple, scale, k);
	}

	/** The most tiles run at once. */
	public int tilesAtOnce() {
		return tilesAtOnce;
	}

	/** How many tiles an image of this size is cut into. */
	public int tiles(int height, int width) {
		if (height <= tile && width <= tile) return 1;
		return starts(height, edge(height), overlap).length * starts(width, edge(width), overlap).length;
	}

	/**
	 * The tile edge along an axis of this size: as many tiles as the tile size needs, each as short as still
	 * covers the axis (a multiple of the model's), so that the tiles share it evenly and the work stays
	 * proportional to the pixels. A 2048-pixel axis in 1024-pixel tiles with 64 overlap needs 3 tiles: 3 of 736
	 * pixels rather than 3 of 1024, which ran 2.25x the image's pixels through the network.
	 */
	int edge(int size) {
		int max = Math.min(tile, roundUp(size, multiple));
		int n = starts(size, max, overlap).length;
		if (n == 1) return max;
		int even = roundUp((size + (n - 1) * overlap + n - 1) / n, multiple);
		return Math.min(max, Math.max(even, roundUp(2 * overlap + 1, multiple)));
	}

	/** The tiles that run at once on an image of this size: {@link #tilesAtOnce()}, at most its tile count. */
	public int tilesAtOnceFor(int height, int width) {
		return Math.min(tilesAtOnce, tiles(height, width));
	}

	/**
	 * Receives the finished output rows of a run, top to bottom: rows [y0, y0 + rows.height()) of the output
	 * (scale times the image's size).
	 */
	public interface RowSink {
		void rows(int y0, Plane rows);
	}

	/**
	 * Applies {@code model} (a [1, h, w, C] tile to a [1, scale*h, scale*w, C'] output, both channels-last; the tile's
	 * array is refilled for the next tile, so the model must not keep it) to the whole image; the output
	 * [C', scale*H, scale*W] as one plane.
	 */
	public Plane run(PixelSource image, UnaryOperator<Tensor> model, Progress progress) {
		Outputs.Floats all = new Outputs.Floats(image.height() * scale, image.width() * scale);
		run(image, model, all, progress);
		return all.result().toPlane();
	}

	/**
	 * Applies {@code model} to the whole image, handing the output to {@code sink} a band of rows at a time as
	 * soon as no later tile overlaps them: the blending needs a band of one tile's height, not a whole-image buffer.
	 * {@code sink} and {@code progress} are called on the caller's thread only, whatever the tiles at once.
	 */
	public void run(PixelSource image, UnaryOperator<Tensor> model, RowSink sink, Progress progress) {
		int h = image.height(), w = image.width(), s = scale, c = image.channels();
		if (h <= tile && w <= tile) {
			int th = roundUp(h, multiple), tw = roundUp(w, multiple);
			Tensor out = model.apply(cut(image, 0, 0, th, tw, new float[Math.multiplyExact(Math.multiplyExact(th, tw), c)]));
			checkOutput(out, th, tw, channels(out));
			progress.update(1, 1);
			sink.rows(0, ChannelsLast.toPlane(out, h * s, w * s));
			return;
		}
		int th = edge(h), tw = edge(w);
		int[] ys = starts(h, th, overlap), xs = starts(w, tw, overlap);
		int total = ys.length * xs.length, k = Math.min(tilesAtOnce, total);
		// one input buffer per tile running at once, each reused by every k-th tile
		float[][] buffers = new float[k][Math.multiplyExact(Math.multiplyExact(th, tw), c)];
		// blending happens at output resolution: tiles, overlaps and offsets all scale by s
		int oh = h * s, ow = w * s, oth = th * s, otw = tw * s, ov = overlap * s;
		float[] wy = window(oth, ov), wx = window(otw, ov);
		// sums of weighted outputs and of weights for the band of output rows [ys[yi] * s, (ys[yi] + th) * s)
		float[] acc = null, weight = new float[Math.multiplyExact(oth, ow)];
		int outC = 0, band = oth * ow;
		OneThreadPools pools = k > 1 ? new OneThreadPools(k) : null;
		try {
			for (int first = 0; first < total; first += k) {
				if (progress.isCancelled()) throw new Progress.CancelledException();
				Tensor[] outs;
				try {
					outs = outputs(image, model, ys, xs, first, Math.min(k, total - first), th, tw, buffers, pools);
				}
				catch (OutOfMemoryError e) {
					if (pools == null) throw e;
					// k tiles at once did not fit in the heap: this group again and the rest one at a time, as on one
					// thread (the same bits); their working sets are garbage now
					pools.close();
					pools = null;
					k = 1;
					outs = outputs(image, model, ys, xs, first, 1, th, tw, buffers, null);
				}
				for (int i = 0; i < outs.length; i++) { // in row-major order, as one tile after another
					if (i > 0 && progress.isCancelled()) throw new Progress.CancelledException(); // between tiles
					int t = first + i, yi = t / xs.length, xi = t % xs.length, y0 = ys[yi] * s, x0 = xs[xi] * s;
					Tensor out = outs[i];
					outs[i] = null; // blended: its memory can go
					if (acc == null) {
						outC = channels(out);
						acc = new float[Math.multiplyExact(outC, band)];
					}
					checkOutput(out, th, tw, outC);
					float[] o = out.data(); // channels-last: output pixel (y, x) holds its outC values at (y * otw + x) * outC
					boolean top = yi == 0, bottom = yi == ys.length - 1, left = xi == 0, right = xi == xs.length - 1;
					for (int y = 0; y < oth && y0 + y < oh; y++) {
						float fy = (top && y < ov) || (bottom && y >= oth - ov) ? 1f : wy[y];
						for (int x = 0; x < otw && x0 + x < ow; x++) {
							float fx = (left && x < ov) || (right && x >= otw - ov) ? 1f : wx[x];
							float f = fy * fx;
							int p = y * ow + x0 + x;
							weight[p] += f;
							for (int q = 0, r = (y * otw + x) * outC; q < outC; q++) acc[q * band + p] += f * o[r + q];
						}
					}
					progress.update(t + 1, total);
					if (!right) continue;
					// rows above the next tile row get no more contributions: hand them on, then move the band down
					int finished = (yi + 1 < ys.length ? ys[yi + 1] * s : oh) - y0;
					float[] rows = new float[outC * finished * ow];
					for (int q = 0; q < outC; q++)
						for (int p = 0; p < finished * ow; p++) rows[q * finished * ow + p] = acc[q * band + p] / weight[p];
					sink.rows(y0, new Plane(rows, outC, finished, ow));
					shiftUp(weight, 0, band, finished * ow);
					for (int q = 0; q < outC; q++) shiftUp(acc, q * band, band, finished * ow);
				}
			}
		}
		finally {
			if (pools != null) pools.close();
		}
	}

	/**
	 * The model's outputs for tiles [first, first + n) in row-major order: on the caller's thread (and pool) when one
	 * runs at a time, else each on its own one-thread pool, reading the image at the same time.
	 */
	private static Tensor[] outputs(PixelSource image, UnaryOperator<Tensor> model, int[] ys, int[] xs, int first, int n,
		int th, int tw, float[][] buffers, OneThreadPools pools)
	{
		if (pools == null || n == 1) { // a last tile alone has the caller's threads to itself, op by op
			int yi = first / xs.length, xi = first % xs.length;
			return new Tensor[] { model.apply(cut(image, ys[yi], xs[xi], th, tw, buffers[0])) };
		}
		List<Parallel.Task<Tensor>> tasks = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			int yi = (first + i) / xs.length, xi = (first + i) % xs.length;
			float[] buffer = buffers[i];
			tasks.add(() -> model.apply(cut(image, ys[yi], xs[xi], th, tw, buffer)));
		}
		try {
			return pools.runAll(tasks).toArray(new Tensor[0]);
		}
		catch (InterruptedException e) { // the tiles have finished; an interrupted run stops as a cancelled one
			Thread.currentThread().interrupt();
			throw new Progress.CancelledException();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e); // not reached: a tile's model throws no checked exception
		}
	}

	/** The channels of a model's output, which must be one channels-last image. */
	private static int channels(Tensor out) {
		if (out.rank() != 4 || out.dim(0) != 1) throw new IllegalStateException("model output " + out.shapeString() +
			" is not one channels-last image [1, height, width, channels]");
		return out.dim(3);
	}

	/** The model must give scale x its input tile, with the same channels for every tile. */
	private void checkOutput(Tensor out, int th, int tw, int channels) {
		if (out.dim(1) != th * scale || out.dim(2) != tw * scale || out.dim(3) != channels) throw new IllegalStateException(
			"model output " + out.shapeString() + " does not match its input tile " + th + "x" + tw + (scale == 1 ? ""
				: " scaled by " + scale + " (" + th * scale + "x" + tw * scale + ")") + "; the model's output scale " +
				"and the tiler's must agree");
	}

	/** Moves a[from + by, from + length) to a[from, ...) and zeroes the freed end. */
	private static void shiftUp(float[] a, int from, int length, int by) {
		System.arraycopy(a, from + by, a, from, length - by);
		Arrays.fill(a, from + length - by, from + length, 0f);
	}

	/** Tile origins along one axis: stride tile - overlap, the last one flush with the end. */
	static int[] starts(int size, int t, int overlap) {
		if (size <= t) return new int[] { 0 };
		int stride = t - overlap, n = (size - t + stride - 1) / stride + 1;
		int[] s = new int[n];
		for (int i = 0; i < n; i++) s[i] = Math.min(i * stride, size - t);
		return s;
	}

	/** Blending weights: a raised-cosine ramp over the overlap at each end, 1 in between (never 0). */
	static float[] window(int t, int overlap) {
		float[] f = new float[t];
		for (int i = 0; i < t; i++) {
			int d = Math.min(i, t - 1 - i);
			f[i] = d >= overlap ? 1f : (float) Math.pow(Math.sin(Math.PI / 2 * (d + 0.5) / overlap), 2);
		}
		return f;
	}

	/** The window [y0, y0+th) x [x0, x0+tw) of the image, mirrored where it leaves it, as a [1, th, tw, C] tile in {@code buffer}. */
	static Tensor cut(PixelSource p, int y0, int x0, int th, int tw, float[] buffer) {
		ChannelsLast.window(p, y0, x0, th, tw, buffer);
		return new Tensor(buffer, 1, th, tw, p.channels());
	}

	static int roundUp(int v, int m) {
		return (v + m - 1) / m * m;
	}
}

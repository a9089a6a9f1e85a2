package org.mambaj.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The tiler blends in a band one tile high and hands rows on as they are finished; the result is bit for bit what
 * blending into whole-image sums gave (the former implementation, kept here as the reference).
 */
class BandedTilingTest {

	/** A model that is not pixel-wise (each output mixes a pixel's neighbours), with two output channels. */
	static final UnaryOperator<Plane> NEIGHBOURS = t -> {
		Plane out = Plane.zeros(2, t.height(), t.width());
		for (int y = 0; y < t.height(); y++)
			for (int x = 0; x < t.width(); x++) {
				float v = t.get(0, y, x), right = t.get(t.channels() - 1, y, Math.min(x + 1, t.width() - 1));
				float down = t.get(0, Math.min(y + 1, t.height() - 1), x);
				out.set(0, y, x, v * 0.7f + right * 0.2f + down * 0.1f + y * 1e-3f);
				out.set(1, y, x, (float) Math.sin(v - down) + x * 1e-3f);
			}
		return out;
	};

	@Test
	void bandsEqualWholeImageBlending() {
		for (int[] c : new int[][] { { 150, 130, 48, 12, 16 }, { 301, 97, 64, 8, 1 }, { 40, 333, 32, 15, 8 }, { 200, 200, 96, 0, 32 } }) {
			Plane img = random(2, c[0], c[1], c[0] * 31 + c[1]);
			Tiler tiler = new Tiler(c[2], c[3], c[4]);
			List<int[]> bands = new ArrayList<>();
			Plane banded = Plane.zeros(2, c[0], c[1]);
			int[] next = { 0 };
			tiler.run(img, PlaneNetworks.of(NEIGHBOURS), (y0, rows) -> {
				assertEquals(next[0], y0, "rows arrive in order, each once");
				assertTrue(rows.height() <= tiler.tileSize(), "a band is at most one tile high");
				for (int k = 0; k < 2; k++)
					for (int y = 0; y < rows.height(); y++)
						for (int x = 0; x < c[1]; x++) banded.set(k, y0 + y, x, rows.get(k, y, x));
				next[0] = y0 + rows.height();
				bands.add(new int[] { y0, rows.height() });
			}, Progress.NONE);
			assertEquals(c[0], next[0]);
			assertArrayEquals(wholeImageReference(img, c[2], c[3], c[4]).data(), banded.data(), "case " + List.of(c[0], c[1], c[2]));
			assertArrayEquals(banded.data(), tiler.run(img, PlaneNetworks.of(NEIGHBOURS), Progress.NONE).data());
		}
	}

	@Test
	void tilesAreReadFromAnEightBitImageAsFromItsFloatCopy() {
		byte[] px = new byte[90 * 70];
		new Random(4).nextBytes(px);
		Raster bytes = Raster.bytes(90, 70, px);
		Tiler tiler = new Tiler(32, 4, 16);
		assertArrayEquals(tiler.run(bytes.toPlane(), PlaneNetworks.of(NEIGHBOURS), Progress.NONE).data(),
			tiler.run(bytes, PlaneNetworks.of(NEIGHBOURS), Progress.NONE).data());
	}

	/** The former Tiler.run: whole-image sums of weighted outputs and of weights, divided at the end. */
	private static Plane wholeImageReference(Plane image, int tileSize, int overlap, int multiple) {
		int tile = Tiler.roundUp(tileSize, multiple), h = image.height(), w = image.width();
		if (h <= tile && w <= tile) {
			Plane out = NEIGHBOURS.apply(reflectWindow(image, 0, 0, Tiler.roundUp(h, multiple), Tiler.roundUp(w, multiple)));
			return ChannelsLast.toPlane(ChannelsLast.copyOf(out), h, w);
		}
		Tiler tiler = new Tiler(tileSize, overlap, multiple);
		int th = tiler.edge(h), tw = tiler.edge(w);
		// the tiler's own tile edges, origins and blending weights: what is checked is the banded accumulation
		int[] ys = Tiler.starts(h, th, overlap), xs = Tiler.starts(w, tw, overlap);
		float[] wy = Tiler.window(th, overlap), wx = Tiler.window(tw, overlap);
		float[] acc = new float[2 * h * w], weight = new float[h * w];
		for (int yi = 0; yi < ys.length; yi++)
			for (int xi = 0; xi < xs.length; xi++) {
				int y0 = ys[yi], x0 = xs[xi];
				Plane out = NEIGHBOURS.apply(reflectWindow(image, y0, x0, th, tw));
				boolean top = yi == 0, bottom = yi == ys.length - 1, left = xi == 0, right = xi == xs.length - 1;
				for (int y = 0; y < th && y0 + y < h; y++) {
					float fy = (top && y < overlap) || (bottom && y >= th - overlap) ? 1f : wy[y];
					for (int x = 0; x < tw && x0 + x < w; x++) {
						float fx = (left && x < overlap) || (right && x >= tw - overlap) ? 1f : wx[x];
						float f = fy * fx;
						int p = (y0 + y) * w + x0 + x;
						weight[p] += f;
						for (int c = 0; c < 2; c++) acc[c * h * w + p] += f * out.get(c, y, x);
					}
				}
			}
		for (int c = 0; c < 2; c++)
			for (int p = 0; p < h * w; p++) acc[c * h * w + p] /= weight[p];
		return new Plane(acc, 2, h, w);
	}

	private static Plane reflectWindow(Plane image, int y0, int x0, int th, int tw) {
		return ChannelsLast.toPlane(Tiler.cut(image, y0, x0, th, tw, new float[image.channels() * th * tw]));
	}

	static Plane random(int c, int h, int w, long seed) {
		Random r = new Random(seed);
		float[] d = new float[c * h * w];
		for (int i = 0; i < d.length; i++) d[i] = r.nextFloat();
		return new Plane(d, c, h, w);
	}
}

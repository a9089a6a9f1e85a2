package org.mambaj.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.mambaj.core.Engine;
import org.mambaj.core.Engines;
import org.mambaj.core.Tensor;
import org.mambaj.models.Architectures;
import org.mambaj.models.Model;
import org.mambaj.testing.Golden;

/** The tiler with a model whose output is N times its input: placement, blending and cropping at N x. */
class SuperResolutionTilingTest {

	static Plane random(int c, int h, int w, long seed) {
		Random r = new Random(seed);
		float[] d = new float[c * h * w];
		for (int i = 0; i < d.length; i++) d[i] = r.nextFloat();
		return new Plane(d, c, h, w);
	}

	/** A pixel-wise "super-resolution": each input pixel becomes an s x s block whose values depend on the sub-pixel. */
	static UnaryOperator<Plane> pixelwise(int s) {
		return in -> {
			int c = in.channels(), h = in.height() * s, w = in.width() * s;
			float[] out = new float[c * h * w];
			for (int k = 0; k < c; k++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						out[(k * h + y) * w + x] = in.get(k, y / s, x / s) * (1 + y % s) - 0.25f * (x % s) + k;
			return new Plane(out, c, h, w);
		};
	}

	static double maxDiff(Plane a, Plane b) {
		double m = 0;
		for (int i = 0; i < a.data().length; i++) m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
		return m;
	}

	@Test
	void tiledEqualsWholeImageWhenTheReceptiveFieldIsOnePixel() {
		for (int s : new int[] { 2, 3 }) {
			Plane img = random(2, 37, 29, s);
			Plane whole = new Tiler(64, 0, 1, s).run(img, PlaneNetworks.of(pixelwise(s)), Progress.NONE);
			int[] tiles = { 0 };
			UnaryOperator<Plane> counted = t -> {
				tiles[0]++;
				return pixelwise(s).apply(t);
			};
			Plane tiled = new Tiler(12, 4, 1, s).run(img, PlaneNetworks.of(counted), Progress.NONE);
			assertEquals(2, tiled.channels());
			assertEquals(37 * s, tiled.height());
			assertEquals(29 * s, tiled.width());
			assertTrue(tiles[0] >= 9, "the image must really be tiled, got " + tiles[0] + " tiles");
			assertTrue(maxDiff(whole, tiled) < 1e-5, "scale " + s + ": " + maxDiff(whole, tiled));
		}
	}

	@Test
	void oddSizesPaddedToTheSizeMultipleAreCroppedAtTheOutputScale() {
		Plane img = random(1, 13, 11, 7);
		// multiple 4: the single tile is reflected to 16 x 12, the output 32 x 24 cropped back to 26 x 22
		Plane out = new Tiler(64, 0, 4, 2).run(img, PlaneNetworks.of(pixelwise(2)), Progress.NONE);
		assertEquals(26, out.height());
		assertEquals(22, out.width());
		assertEquals(pixelwise(2).apply(img).get(0, 25, 21), out.get(0, 25, 21), 1e-6);
	}

	@Test
	void aModelThatDoesNotUpscaleAsDeclaredIsRefusedByName() {
		Plane img = random(1, 40, 40, 3);
		var e = assertThrows(IllegalStateException.class, () -> new Tiler(16, 4, 1, 2).run(img, t -> t, Progress.NONE));
		assertTrue(e.getMessage().contains("scaled by 2") && e.getMessage().contains("16x16"), e.getMessage());
		var single = assertThrows(IllegalStateException.class, () -> new Tiler(64, 0, 1, 3).run(img, PlaneNetworks.of(pixelwise(2)),
			Progress.NONE));
		assertTrue(single.getMessage().contains("scaled by 3"), single.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new Tiler(16, 4, 1, 0));
	}

	@Test
	void mambaIRSuperResolutionTiledIsCloseToWholeImage() {
		// the state space scan sees the whole tile, so tiles differ from the whole image: 0.11 relative max difference
		// measured with these random weights, bounded here
		Golden g = Golden.load("mambair-lightsr3-c1");
		try (Engine engine = Engines.create("java")) {
			Model m = Architectures.build(g.architecture(), g.config(), g.weights(), engine);
			assertEquals(3, m.outputScale());
			Plane img = smooth(30, 25);
			UnaryOperator<Tensor> net = m::forward;
			Plane whole = new Tiler(64, 0, 1, 3).run(img, net, Progress.NONE);
			Plane tiled = new Tiler(16, 6, 1, 3).run(img, net, Progress.NONE);
			assertEquals(90, tiled.height());
			assertEquals(75, tiled.width());
			double range = 0;
			for (float v : whole.data()) range = Math.max(range, Math.abs(v));
			double rel = maxDiff(whole, tiled) / range;
			assertTrue(rel < 0.2, "tiled vs whole relative max difference " + rel);
		}
	}

	static Plane smooth(int h, int w) {
		float[] d = new float[h * w];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) d[y * w + x] = (float) (0.5 + 0.4 * Math.sin(y / 5.0) * Math.cos(x / 7.0));
		return new Plane(d, 1, h, w);
	}
}

package org.mambaj.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.mambaj.io.ChannelMode;

/** The UI-free pipeline steps on small images whose answers are known. */
class PipelinePartsTest {

	@Test
	void percentilesFollowNumpyLinearInterpolation() {
		// np.percentile([0..9], [1, 99.8]) = [0.09, 8.982]
		float[] v = new float[10];
		for (int i = 0; i < 10; i++) v[9 - i] = i;
		Normalization n = Normalization.percentiles(new Plane(v, 1, 2, 5), 1, 99.8, 1e-6);
		assertEquals(0.09, n.lo(), 1e-12);
		assertEquals(8.982, n.hi(), 1e-9);
		Plane p = n.apply(new Plane(v, 1, 2, 5));
		assertEquals((9 - 0.09) / (8.982 - 0.09 + 1e-6), p.get(0, 0, 0), 1e-6);
		for (int i = 0; i < v.length; i++) assertEquals(v[i], n.restore(p.data()[i]), 1e-5f);
	}

	@Test
	void reflectPaddingMatchesNumpyReflect() {
		// np.pad([0,1,2,3], (0,3), 'reflect') -> [0,1,2,3,2,1,0]
		int[] expected = { 0, 1, 2, 3, 2, 1, 0 };
		for (int i = 0; i < expected.length; i++) assertEquals(expected[i], ChannelsLast.reflect(i, 4));
	}

	@Test
	void singleTileIsPaddedToTheMultipleAndCropped() {
		Plane img = random(1, 37, 45, 3);
		Plane out = new Tiler(64, 8, 16).run(img, tile -> {
			assertArrayEquals(new int[] { 1, 48, 48, 1 }, tile.shape());
			return tile;
		}, Progress.NONE);
		assertArrayEquals(img.data(), out.data());
	}

	@Test
	void tilesBlendWithoutSeams() {
		Plane img = random(2, 150, 130, 4);
		// a pixel-wise model is exact however it is tiled
		UnaryOperator<Plane> square = t -> {
			float[] d = t.data().clone();
			for (int i = 0; i < d.length; i++) d[i] = d[i] * d[i];
			return new Plane(d, t.channels(), t.height(), t.width());
		};
		Plane whole = new Tiler(256, 0, 1).run(img, PlaneNetworks.of(square), Progress.NONE);
		Plane tiled = new Tiler(48, 12, 16).run(img, PlaneNetworks.of(square), Progress.NONE);
		assertArrayEquals(whole.data(), tiled.data(), 1e-5f);
	}

	@Test
	void tilingCanBeCancelled() {
		Plane img = random(1, 100, 100, 5);
		Progress cancelAfterFirst = new Progress() {
			int calls;
			@Override public boolean isCancelled() { return calls++ > 0; }
		};
		assertThrows(Progress.CancelledException.class, () -> new Tiler(32, 4, 1).run(img, t -> t, cancelAfterFirst));
	}

	@Test
	void tileSmallerThanModelMinimumIsRefused() {
		var e = assertThrows(IllegalArgumentException.class, () -> new Tiler(16, 0, 32));
		assertTrue(e.getMessage().contains("smaller than the model's minimum"), e.getMessage());
	}

	@Test
	void instancesGrowFromInteriorSeeds() {
		// classes: 0 background, 1 interior, 2 boundary; two touching objects and one tiny seed
		int[][] cls = {
			{ 2, 2, 2, 2, 2, 0, 0 },
			{ 2, 1, 2, 1, 2, 0, 1 },
			{ 2, 2, 2, 2, 2, 0, 0 } };
		Plane scores = oneHot(cls, 3);
		Plane labels = PostProcessing.instancesFromInterior(scores, 1, 0);
		float[][] expected = {
			{ 1, 1, 1, 2, 2, 0, 0 },
			{ 1, 1, 1, 2, 2, 0, 3 },
			{ 1, 1, 1, 2, 2, 0, 0 } };
		for (int y = 0; y < 3; y++) assertArrayEquals(expected[y], row(labels, y));
		Plane noSmall = PostProcessing.instancesFromInterior(scores, 2, 0);
		assertEquals(0, PostProcessing.countLabels(noSmall));
	}

	@Test
	void onlyConfidentInteriorSeedsObjects() {
		// one interior region whose middle pixel is barely interior: with a seed threshold it splits in two,
		// and the unsure pixel is grown into (by the smaller label, as any foreground pixel)
		float[] p = { 0.9f, 0.9f, 0.55f, 0.9f, 0.9f };
		Plane scores = new Plane(new float[15], 3, 1, 5);
		for (int x = 0; x < 5; x++) {
			scores.data()[5 + x] = p[x];
			scores.data()[10 + x] = (1 - p[x]) * 0.6f;
			scores.data()[x] = (1 - p[x]) * 0.4f;
		}
		assertArrayEquals(new float[] { 1, 1, 1, 1, 1 }, row(PostProcessing.instancesFromInterior(scores, 1, 0), 0));
		assertArrayEquals(new float[] { 1, 1, 1, 2, 2 }, row(PostProcessing.instancesFromInterior(scores, 1, 0.6), 0));
		assertArrayEquals(new float[] { 1, 1, 1, 1, 1 }, row(PostProcessing.instancesFromInterior(scores, 1, 0.5), 0));
	}

	@Test
	void channelModes() {
		Plane rgb = new Plane(new float[] { 10, 20, 30 }, 3, 1, 1);
		assertEquals(0.299 * 10 + 0.587 * 20 + 0.114 * 30, Channels.adapt(rgb, ChannelMode.GREY).get(0, 0, 0), 1e-5);
		assertEquals(20, Channels.adapt(rgb, ChannelMode.GREEN).get(0, 0, 0));
		assertEquals(3, Channels.adapt(new Plane(new float[] { 1 }, 1, 1, 1), ChannelMode.RGB).channels());
		assertThrows(IllegalArgumentException.class, () -> Channels.adapt(Plane.zeros(2, 1, 1), ChannelMode.RGB));
	}

	@Test
	void resizeUsesBlockMeansForIntegerFactors() {
		Plane p = new Plane(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 1, 2, 4);
		assertArrayEquals(new float[] { 3.5f, 5.5f }, Resize.to(p, 1, 2).data());
		assertEquals(3, Resize.to(p, 3, 3).height());
	}

	@Test
	void softmaxSumsToOne() {
		Plane s = PostProcessing.softmax(random(3, 4, 5, 6));
		for (int i = 0; i < 20; i++) assertEquals(1.0, s.data()[i] + s.data()[20 + i] + s.data()[40 + i], 1e-6);
	}

	private static Plane oneHot(int[][] cls, int classes) {
		int h = cls.length, w = cls[0].length;
		Plane p = Plane.zeros(classes, h, w);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) p.set(cls[y][x], y, x, 1f);
		return p;
	}

	private static float[] row(Plane p, int y) {
		float[] r = new float[p.width()];
		for (int x = 0; x < r.length; x++) r[x] = p.get(0, y, x);
		return r;
	}

	private static Plane random(int c, int h, int w, long seed) {
		Random r = new Random(seed);
		float[] d = new float[c * h * w];
		for (int i = 0; i < d.length; i++) d[i] = r.nextFloat();
		return new Plane(d, c, h, w);
	}
}

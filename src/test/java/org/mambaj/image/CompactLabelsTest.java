package org.mambaj.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The instance step on a byte-a-pixel class map with 16-bit labels gives exactly the labels of the former int-based
 * implementation (kept here as the reference), and a mask's components are counted without a label image.
 */
class CompactLabelsTest {

	@Test
	void instancesEqualTheIntBasedReference() {
		for (long seed = 0; seed < 12; seed++) {
			int h = 40 + (int) seed * 7, w = 90 - (int) seed * 3;
			int[] cls = blobs(h, w, seed);
			byte[] map = new byte[h * w];
			for (int i = 0; i < map.length; i++) map[i] = (byte) cls[i];
			for (int minSize : new int[] { 0, 3, 12 }) {
				byte[] scratch = map.clone();
				Raster labels = Raster.allocate(Raster.Type.U16, 1, h, w);
				PostProcessing.instancesFromInterior(scratch, minSize, labels);
				assertArrayEquals(map, scratch, "the class map comes back as it was");
				assertArrayEquals(reference(cls, h, w, minSize), labels.toPlane().data(), "seed " + seed + ", min size " + minSize);
			}
		}
	}

	@Test
	void componentsAreCountedAndLabelledLikeTheReference() {
		int h = 77, w = 65;
		int[] cls = blobs(h, w, 99);
		byte[] mask = new byte[h * w];
		for (int i = 0; i < mask.length; i++) mask[i] = (byte) (cls[i] != 0 ? 1 : 0);
		int[] ones = new int[h * w];
		for (int i = 0; i < ones.length; i++) ones[i] = mask[i];
		float[] expected = seedsReference(ones, h, w, 0);
		Raster m = Raster.bytes(h, w, mask.clone());
		Raster labels = Raster.allocate(Raster.Type.U16, 1, h, w);
		int count = PostProcessing.components(m, labels);
		assertArrayEquals(expected, labels.toPlane().data());
		float max = 0;
		for (float v : expected) max = Math.max(max, v);
		assertEquals((int) max, count);
		assertEquals(count, PostProcessing.components(m, null));
		assertArrayEquals(mask, (byte[]) m.array(0), "the mask comes back as it was");
	}

	@Test
	void sixteenBitLabelsRefuseA65536thObjectButCountingDoesNot() {
		int side = 600; // isolated pixels on every other row and column: 90000 objects
		byte[] mask = new byte[side * side];
		for (int y = 0; y < side; y += 2)
			for (int x = 0; x < side; x += 2) mask[y * side + x] = 1;
		Raster m = Raster.bytes(side, side, mask);
		assertEquals(90000, PostProcessing.components(m, null));
		var e = assertThrows(IllegalArgumentException.class,
			() -> PostProcessing.components(m, Raster.allocate(Raster.Type.U16, 1, side, side)));
		assertTrue(e.getMessage().contains("16-bit"), e.getMessage());
	}

	/** Random round blobs of interior (1) ringed by boundary (2) on background, some touching, some tiny. */
	private static int[] blobs(int h, int w, long seed) {
		Random r = new Random(seed);
		int[] cls = new int[h * w];
		for (int b = 0; b < 25; b++) {
			int cy = r.nextInt(h), cx = r.nextInt(w), radius = 1 + r.nextInt(6);
			for (int y = Math.max(0, cy - radius - 1); y < Math.min(h, cy + radius + 2); y++)
				for (int x = Math.max(0, cx - radius - 1); x < Math.min(w, cx + radius + 2); x++) {
					double d = Math.hypot(y - cy, x - cx);
					if (d <= radius) cls[y * w + x] = 1;
					else if (d <= radius + 1.2 && cls[y * w + x] == 0) cls[y * w + x] = 2;
				}
		}
		for (int i = 0; i < cls.length; i++) if (r.nextInt(50) == 0) cls[i] = r.nextInt(3); // noise
		return cls;
	}

	/** The former PostProcessing.instancesFromInterior after argmax. */
	private static float[] reference(int[] cls, int h, int w, int minSize) {
		int n = h * w;
		int[] label = new int[n];
		float[] seeded = seedsReference(cls, h, w, minSize);
		for (int i = 0; i < n; i++) label[i] = (int) seeded[i];
		int[] next = label.clone();
		ArrayDeque<Integer> frontier = new ArrayDeque<>();
		for (int i = 0; i < n; i++) if (label[i] == 0 && cls[i] != 0 && smallestNeighbour(label, i, h, w) > 0) frontier.add(i);
		while (!frontier.isEmpty()) {
			int[] ring = frontier.stream().mapToInt(Integer::intValue).toArray();
			frontier.clear();
			for (int i : ring) next[i] = smallestNeighbour(label, i, h, w);
			for (int i : ring) label[i] = next[i];
			for (int i : ring) {
				int y = i / w, x = i % w;
				int[] nb = { y > 0 ? i - w : -1, y < h - 1 ? i + w : -1, x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1 };
				for (int j : nb)
					if (j >= 0 && label[j] == 0 && cls[j] != 0 && next[j] == 0) {
						next[j] = -1;
						frontier.add(j);
					}
			}
		}
		float[] out = new float[n];
		for (int i = 0; i < n; i++) out[i] = Math.max(0, label[i]);
		return out;
	}

	private static float[] seedsReference(int[] cls, int h, int w, int minSize) {
		int n = h * w, count = 0;
		int[] label = new int[n], queue = new int[n];
		for (int start = 0; start < n; start++) {
			if (cls[start] != 1 || label[start] != 0) continue;
			int id = ++count, head = 0, tail = 0;
			queue[tail++] = start;
			label[start] = id;
			while (head < tail) {
				int i = queue[head++], y = i / w, x = i % w;
				int[] nb = { y > 0 ? i - w : -1, y < h - 1 ? i + w : -1, x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1 };
				for (int j : nb)
					if (j >= 0 && cls[j] == 1 && label[j] == 0) {
						label[j] = id;
						queue[tail++] = j;
					}
			}
			if (tail < minSize) {
				for (int k = 0; k < tail; k++) label[queue[k]] = Integer.MIN_VALUE;
				count--;
			}
		}
		float[] out = new float[n];
		for (int i = 0; i < n; i++) out[i] = label[i] == Integer.MIN_VALUE ? 0 : label[i];
		return out;
	}

	private static int smallestNeighbour(int[] label, int i, int h, int w) {
		int y = i / w, x = i % w, best = Integer.MAX_VALUE;
		if (y > 0 && label[i - w] > 0) best = Math.min(best, label[i - w]);
		if (y < h - 1 && label[i + w] > 0) best = Math.min(best, label[i + w]);
		if (x > 0 && label[i - 1] > 0) best = Math.min(best, label[i - 1]);
		if (x < w - 1 && label[i + 1] > 0) best = Math.min(best, label[i + 1]);
		return best == Integer.MAX_VALUE ? 0 : best;
	}
}

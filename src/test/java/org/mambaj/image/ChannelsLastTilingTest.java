package org.mambaj.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;

/** The network gets channels-last tiles cut straight from the image, and its channels-last output is placed as is. */
class ChannelsLastTilingTest {

	/** Channel k of pixel (y, x) holds 1000 k + 10 y + x / 100: every value says where it came from. */
	private static Plane labelled(int c, int h, int w) {
		Plane p = Plane.zeros(c, h, w);
		for (int k = 0; k < c; k++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) p.set(k, y, x, 1000 * k + 10 * y + x / 100f);
		return p;
	}

	@Test
	void tilesAreChannelsLastWindowsOfTheImageInOneReusedBuffer() {
		Plane img = labelled(3, 40, 30);
		List<float[]> buffers = new ArrayList<>();
		new Tiler(16, 4, 1).run(img, tile -> {
			assertEquals(4, tile.rank());
			assertEquals(3, tile.dim(3), "channels last");
			buffers.add(tile.data());
			float[] d = tile.data();
			// the tile's origin is where its first pixel came from; every value is channel-last at (y, x, k)
			int y0 = (int) (d[0] / 10), x0 = Math.round(d[0] % 10 * 100);
			for (int y = 0; y < tile.dim(1); y++)
				for (int x = 0; x < tile.dim(2); x++)
					for (int k = 0; k < 3; k++)
						assertEquals(img.get(k, y0 + y, x0 + x), d[(y * tile.dim(2) + x) * 3 + k], "tile at " + y0 + "," + x0);
			return tile.copy();
		}, Progress.NONE);
		assertTrue(buffers.size() >= 9, "the image is really tiled: " + buffers.size() + " tiles");
		for (float[] b : buffers) assertSame(buffers.get(0), b, "every tile of a run reuses one buffer");
	}

	@Test
	void channelsLastOutputsArePlacedChannelByChannel() {
		Plane img = labelled(1, 50, 37);
		// two output channels: the pixel and the pixel plus 1000 (as a channels-last [1, h, w, 2] tensor)
		Plane out = new Tiler(16, 4, 1).run(img, tile -> {
			float[] in = tile.data(), o = new float[in.length * 2];
			for (int p = 0; p < in.length; p++) {
				o[2 * p] = in[p];
				o[2 * p + 1] = in[p] + 1000;
			}
			return new Tensor(o, 1, tile.dim(1), tile.dim(2), 2);
		}, Progress.NONE);
		assertEquals(2, out.channels());
		for (int y = 0; y < 50; y++)
			for (int x = 0; x < 37; x++) {
				assertEquals(img.get(0, y, x), out.get(0, y, x), 1e-3);
				assertEquals(img.get(0, y, x) + 1000, out.get(1, y, x), 1e-3);
			}
	}

	@Test
	void aSingleTileOutputIsCroppedIntoAChannelMajorPlane() {
		Plane img = labelled(2, 13, 11);
		Plane out = new Tiler(64, 0, 4).run(img, t -> t.copy(), Progress.NONE);
		assertArrayEquals(img.data(), out.data());
	}

	@Test
	void copiesAndPlanesAreTheLayoutOpsOfTheCore() {
		Plane img = labelled(3, 5, 7);
		Tensor nhwc = ChannelsLast.copyOf(img);
		assertArrayEquals(Layout.nchwToNhwc(img.asNchw()).data(), nhwc.data());
		assertArrayEquals(img.data(), ChannelsLast.toPlane(nhwc).data());
		Plane grey = labelled(1, 5, 7);
		assertSame(grey.data(), ChannelsLast.toPlane(new Tensor(grey.data(), 1, 5, 7, 1)).data(), "one channel: no copy");
	}

	@Test
	void anOutputThatIsNotOneChannelsLastImageIsRefused() {
		Plane img = labelled(1, 40, 40);
		var e = assertThrows(IllegalStateException.class, () -> new Tiler(16, 4, 1).run(img,
			t -> new Tensor(t.data(), t.dim(1), t.dim(2)), Progress.NONE));
		assertTrue(e.getMessage().contains("channels-last"), e.getMessage());
	}
}

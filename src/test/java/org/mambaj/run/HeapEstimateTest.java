package org.mambaj.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mambaj.image.Raster;
import org.mambaj.image.Tiler;

/** The heap check counts what a run adds to the image: its compact result, one band of tiles and the tiles at once. */
class HeapEstimateTest {

	@Test
	void aMaskCostsTwoBytesAPixelPlusOneBandOfTiles() {
		Raster image = Raster.bytes(2000, 2000, new byte[2000 * 2000]);
		long need = HeapCheck.estimate(image, HeapCheck.bytesPerPixel(SegmentOutput.MASK, false), new Tiler(512, 64, 1));
		long tileSet = 4L * 512 * 512 * 2; // the tile's input buffer (one channel) and output (one class)
		assertEquals(2000L * 2000 * 2 + 3L * 4 * 512 * 2000 + tileSet, need);
		assertEquals(3, HeapCheck.bytesPerPixel(SegmentOutput.LABELS, true));
		assertEquals(5, HeapCheck.bytesPerPixel(SegmentOutput.MASK, true));
		assertEquals(4, HeapCheck.bytesPerPixel(SegmentOutput.PROBABILITIES, false));
		HeapCheck.require(image, need, 32L << 20, 64L << 20);
		var e = assertThrows(IllegalArgumentException.class, () -> HeapCheck.require(image, need, 16L << 20, 64L << 20));
		assertTrue(e.getMessage().contains("2000x2000 pixels") && e.getMessage().contains("21 MB") &&
			e.getMessage().contains("64 MB"), e.getMessage());
	}

	@Test
	void everyTileRunningAtOnceCountsItsWorkingSet() {
		Raster image = Raster.bytes(2000, 2000, new byte[2000 * 2000]);
		Tiler tiler = new Tiler(512, 64, 1);
		long one = HeapCheck.estimate(image, 2, tiler), tileSet = 4L * 512 * 512 * 2;
		assertEquals(one + 2 * tileSet, HeapCheck.estimate(image, 2, tiler.tilesAtOnce(3)));
		assertEquals(25, tiler.tiles(2000, 2000));
		// no more tiles at once than the image has tiles: a 600x400 image is two tiles of 512 (overlap 64)
		Raster small = Raster.bytes(400, 600, new byte[400 * 600]);
		assertEquals(2, tiler.tiles(600, 400));
		assertEquals(HeapCheck.estimate(small, 2, tiler.tilesAtOnce(2)), HeapCheck.estimate(small, 2, tiler.tilesAtOnce(8)));
		assertEquals(HeapCheck.estimate(small, 2, tiler) + tileSet, HeapCheck.estimate(small, 2, tiler.tilesAtOnce(2)));
		// a super-resolution tiler's band and output tiles are at the output's scale
		Tiler sr = new Tiler(512, 64, 1, 2);
		assertEquals(HeapCheck.estimate(image, 2) + 3L * 4 * 1024 * 4000 + 4L * 512 * 512 * (1 + 4),
			HeapCheck.estimate(image, 2, sr));
	}
}

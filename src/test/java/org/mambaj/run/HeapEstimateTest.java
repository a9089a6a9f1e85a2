package org.mambaj.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mambaj.image.Raster;

/** The heap check counts what a run adds to the image: its compact result and one band of tiles. */
class HeapEstimateTest {

	@Test
	void aMaskCostsTwoBytesAPixelPlusOneBandOfTiles() {
		Raster image = Raster.bytes(2000, 2000, new byte[2000 * 2000]);
		long need = HeapCheck.estimate(image, HeapCheck.bytesPerPixel(SegmentOutput.MASK, false), 512);
		assertEquals(2000L * 2000 * 2 + 3L * 4 * 512 * 2000, need);
		assertEquals(3, HeapCheck.bytesPerPixel(SegmentOutput.LABELS, true));
		assertEquals(5, HeapCheck.bytesPerPixel(SegmentOutput.MASK, true));
		assertEquals(4, HeapCheck.bytesPerPixel(SegmentOutput.PROBABILITIES, false));
		HeapCheck.require(image, need, 32L << 20, 64L << 20);
		var e = assertThrows(IllegalArgumentException.class, () -> HeapCheck.require(image, need, 16L << 20, 64L << 20));
		assertTrue(e.getMessage().contains("2000x2000 pixels") && e.getMessage().contains("19 MB") &&
			e.getMessage().contains("64 MB"), e.getMessage());
	}
}

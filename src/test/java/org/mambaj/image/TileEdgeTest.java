package org.mambaj.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tiles share an axis evenly: as many as the tile size needs, each as short as still covers the axis. */
class TileEdgeTest {

	@Test
	void theNucleiTileOnLargeImages() {
		Tiler nuclei = new Tiler(1024, 64, 32); // the nuclei package's default tile
		assertEquals(736, nuclei.edge(2048));
		assertEquals(9, nuclei.tiles(2048, 2048));
		assertEquals(1024, nuclei.edge(1024)); // one tile: the whole axis, as before
		assertEquals(576, nuclei.edge(1025)); // two tiles of 576 instead of two of 1024
	}

	@Test
	void edgesCoverEveryAxisWithTheOverlapAndNeverExceedTheTile() {
		for (int tile : new int[] { 32, 64, 100, 1024 })
			for (int overlap : new int[] { 0, 4, 15 })
				for (int multiple : new int[] { 1, 8, 32 }) {
					if (2 * overlap >= Tiler.roundUp(tile, multiple)) continue;
					Tiler tiler = new Tiler(tile, overlap, multiple);
					int max = Tiler.roundUp(tile, multiple);
					for (int size = 1; size <= 5 * max; size += 7) {
						int edge = tiler.edge(size), before = Math.min(max, Tiler.roundUp(size, multiple));
						String where = "tile " + tile + " overlap " + overlap + " multiple " + multiple + " size " + size;
						assertTrue(edge <= before && edge % multiple == 0, where + ": edge " + edge);
						int[] starts = Tiler.starts(size, edge, overlap);
						// the same number of tiles as tiles of the full size would need
						assertEquals(Tiler.starts(size, before, overlap).length, starts.length, where);
						assertEquals(0, starts[0], where);
						assertEquals(Math.max(0, size - edge), starts[starts.length - 1], where + ": the last tile ends at the edge");
						for (int i = 1; i < starts.length; i++)
							assertTrue(starts[i] - starts[i - 1] <= edge - overlap && starts[i] > starts[i - 1], where);
					}
				}
	}
}

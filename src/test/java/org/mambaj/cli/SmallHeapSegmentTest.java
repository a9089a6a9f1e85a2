package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.testing.ForkedJava;
import org.mambaj.testing.TestPackages;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/**
 * Memory set by the tile, not the image: `mambaj segment` of a synthetic 8-bit SIZE x SIZE TIFF to a mask in a JVM
 * with a small heap (HEAP_MB). The default 4096 x 4096 image (16.8 MP) needs about 110 MB of heap now (the image and
 * the mask at a byte a pixel each, ImageJ's 0/255 copy of the mask, plus the model, a band of tiles, the JVM and
 * ImageJ); before the pipeline kept images in their pixel type it needed about 470 MB (a float copy of the image,
 * a sorted copy for the percentiles, the normalized copy, whole-image blending sums and weights, and float score,
 * decision and mask planes). An OutOfMemoryError or the heap check fails the child. The 20000 x 20000 image in
 * -Xmx2g of BENCHMARKS.md is this test with -Dmambaj.smallheap.size=20000 -Dmambaj.smallheap.heap=2048.
 */
class SmallHeapSegmentTest {

	static final int SIZE = Integer.getInteger("mambaj.smallheap.size", 4096);
	static final int HEAP_MB = Integer.getInteger("mambaj.smallheap.heap", 160);

	@Test
	void an8BitImageSegmentsInAHeapOfAFewBytesAPixel(@TempDir Path tmp) throws Exception {
		Path model = TestPackages.write(TestPackages.SEGMENTER, tmp);
		Path image = tmp.resolve("big.tif"), out = Files.createDirectories(tmp.resolve("out"));
		byte[] px = new byte[SIZE * SIZE];
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++) px[y * SIZE + x] = (byte) (((x / 50 + y / 50) % 2) * 160 + (x * 7 + y * 13) % 60);
		new FileSaver(new ImagePlus("big", new ByteProcessor(SIZE, SIZE, px))).saveAsTiff(image.toString());
		px = null;
		long start = System.nanoTime();
		ForkedJava.Result r = ForkedJava.run(List.of("--add-modules", "jdk.incubator.vector", "-Xmx" + HEAP_MB + "m",
			"-Djava.awt.headless=true", "-Duser.home=" + tmp),
			System.getProperty("java.class.path"), Main.class.getName(), List.of("segment", "--model", model.toString(),
				"--engine", "java", "--tile", "512", "--overlap", "32", "--kind", "mask", "--output", out.toString(),
				image.toString()), tmp, 900);
		double seconds = (System.nanoTime() - start) / 1e9;
		assertEquals(0, r.exitCode(), r.output());
		assertTrue(r.output().contains(" objects"), r.output());
		ImagePlus mask = IJ.openImage(out.resolve("big_mask.tif").toString());
		assertEquals(SIZE, mask.getWidth());
		assertEquals(SIZE, mask.getHeight());
		assertEquals(8, mask.getBitDepth());
		int[] histogram = mask.getProcessor().getHistogram();
		assertEquals((long) SIZE * SIZE, (long) histogram[0] + histogram[255], "a binary mask, 0 and 255 only");
		System.out.printf("SmallHeapSegmentTest %dx%d 8-bit in -Xmx%dm: %.1f s%n", SIZE, SIZE, HEAP_MB, seconds);
	}
}

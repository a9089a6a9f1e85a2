package org.mambaj.run;

import java.util.Locale;

import org.mambaj.image.Raster;

/**
 * Refuses an image too large for the Java heap before any work, with its size and the heap's, instead of an
 * OutOfMemoryError half-way. The image is already in memory (in its own pixel type); a run adds its result (a
 * float per class for probabilities; a byte a pixel for a mask and one for the 8-bit copy ImageJ writes; a byte of
 * class map and two bytes of labels for instances) and a band of tiles (blending sums and weights a tile high and
 * the image wide). The estimate is a lower bound (one output class, the model's own memory not counted), so it
 * refuses only what cannot work; the command line still catches an OutOfMemoryError.
 */
public final class HeapCheck {

	private HeapCheck() {}

	/** Whole-image bytes per pixel a segmentation adds to the image it reads. */
	static long bytesPerPixel(SegmentOutput kind, boolean instances) {
		return switch (kind) {
			case PROBABILITIES -> 4;
			case MASK -> instances ? 5 : 2; // (class map and labels, then) the mask and its copy for ImageJ
			default -> 3;
		};
	}

	/** Bytes a run on {@code image} with square tiles of edge {@code tile} needs beyond what is already allocated. */
	public static long estimate(Raster image, long bytesPerPixel, int tile) {
		long band = 3L * Float.BYTES * tile * image.width(); // sums, weights and the finished rows of one output class
		return (long) image.pixels() * bytesPerPixel + band;
	}

	/** Checks the image against the heap of this JVM (after a collection, if it looks too tight). */
	public static void require(Raster image, long bytesPerPixel, int tile) {
		Runtime rt = Runtime.getRuntime();
		long need = estimate(image, bytesPerPixel, tile);
		if (need <= free(rt)) return;
		System.gc();
		require(image, need, free(rt), rt.maxMemory());
	}

	static void require(Raster image, long need, long free, long max) {
		if (need <= free) return;
		throw new IllegalArgumentException(String.format(Locale.ROOT, "the image is %dx%d pixels with %d channel(s) and " +
			"needs about %s of Java heap to process, but only %s of the heap's %s is free; give Java more memory " +
			"(MAMBAJ_JAVA_OPTS=-Xmx..., or Edit > Options > Memory in Fiji) or crop or scale the image down",
			image.width(), image.height(), image.channels(), size(need), size(free), size(max)));
	}

	private static long free(Runtime rt) {
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	private static String size(long bytes) {
		return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
			: String.format(Locale.ROOT, "%d MB", bytes >> 20);
	}
}

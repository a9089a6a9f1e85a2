package org.mambaj.run;

import java.util.Locale;

import org.mambaj.image.Raster;
import org.mambaj.image.Tiler;

/**
 * Refuses an image too large for the Java heap before any work, with its size and the heap's, instead of an
 * OutOfMemoryError half-way. The image is already in memory (in its own pixel type); a run adds its result (a
 * float per class for probabilities; a byte a pixel for a mask and one for the 8-bit copy ImageJ writes; a byte of
 * class map and two bytes of labels for instances), a band of tiles (blending sums and weights a tile high and
 * the image wide) and, for each tile running at once, its input buffer and its output. The estimate is a lower bound
 * (one output class, the model's own memory not counted), so it refuses only what cannot work; the command line
 * still catches an OutOfMemoryError.
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

	/** Bytes a run on {@code image} adds beyond what is already allocated, before any tile: its result. */
	public static long estimate(Raster image, long bytesPerPixel) {
		return (long) image.pixels() * bytesPerPixel;
	}

	/**
	 * Bytes a run of {@code tiler} on {@code image} needs beyond what is already allocated: the result, one band of
	 * blending (at the output's scale) and the input and output of every tile running at once.
	 */
	public static long estimate(Raster image, long bytesPerPixel, Tiler tiler) {
		long s = tiler.scale(), tile = Math.min(tiler.tileSize(), Math.max(image.height(), image.width()));
		long band = 3L * Float.BYTES * tile * s * image.width() * s; // sums, weights and the finished rows of one class
		long tileSet = Float.BYTES * tile * tile * (image.channels() + s * s); // input buffer, one output class
		return estimate(image, bytesPerPixel) + band + tiler.tilesAtOnceFor(image.height(), image.width()) * tileSet;
	}

	/** Checks a run that adds {@code bytesPerPixel} per image pixel against the heap of this JVM. */
	public static void require(Raster image, long bytesPerPixel) {
		requireBytes(image, estimate(image, bytesPerPixel));
	}

	/** Checks a tiled run against the heap of this JVM; see {@link #estimate(Raster, long, Tiler)}. */
	public static void require(Raster image, long bytesPerPixel, Tiler tiler) {
		requireBytes(image, estimate(image, bytesPerPixel, tiler));
	}

	/** Checks {@code need} bytes against the heap of this JVM (after a collection, if it looks too tight). */
	private static void requireBytes(Raster image, long need) {
		Runtime rt = Runtime.getRuntime();
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

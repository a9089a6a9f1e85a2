package org.mambaj.run;

import java.util.Locale;

import org.mambaj.image.Plane;

/**
 * Refuses an image too large for the Java heap before any work, with its size and the heap's, instead of an
 * OutOfMemoryError half-way: channel mapping, normalization, the tiled scores and the decision each hold a
 * whole-image float copy. The estimate is a lower bound (a 4096 x 4096 grey image runs in a 768 MB heap,
 * LargeImageTest), so it refuses only what cannot work; the command line still catches an OutOfMemoryError.
 */
public final class HeapCheck {

	/** Whole-image float copies made by a run, per pixel and channel, plus the per-pixel results. */
	static final long BYTES_PER_PIXEL = 16, BYTES_PER_CHANNEL_PIXEL = 8;

	private HeapCheck() {}

	/** Bytes a run on {@code image} needs beyond what is already allocated. */
	public static long estimate(Plane image) {
		return (long) image.pixels() * (BYTES_PER_PIXEL + BYTES_PER_CHANNEL_PIXEL * image.channels());
	}

	/** Checks the image against the heap of this JVM (after a collection, if it looks too tight). */
	public static void require(Plane image) {
		Runtime rt = Runtime.getRuntime();
		long need = estimate(image);
		if (need <= free(rt)) return;
		System.gc();
		require(image, need, free(rt), rt.maxMemory());
	}

	/** As {@link #require(Plane)} for a model whose output is {@code scale} times the image per axis. */
	public static void require(Plane image, int scale) {
		if (scale <= 1) return; // require(image) already ran
		Runtime rt = Runtime.getRuntime();
		long need = estimate(image) * (1 + (long) scale * scale);
		if (need <= free(rt)) return;
		System.gc();
		require(image, need, free(rt), rt.maxMemory());
	}

	static void require(Plane image, long need, long free, long max) {
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

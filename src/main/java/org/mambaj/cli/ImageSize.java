package org.mambaj.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Refuses an image whose decoded pixels would not fit in the Java heap, from its header alone, before a decoder
 * allocates them (a corrupt or hostile PNG can declare 60000 x 60000 pixels in a few bytes).
 */
final class ImageSize {

	/** Decoders hold the pixels about twice (raster and ImageJ's copy). */
	private static final int COPIES = 2;

	private ImageSize() {}

	/** For the formats Java's ImageIO can read the header of (PNG, JPEG, GIF, BMP); others are left to ImageJ. */
	static void requireFits(Path file) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			if (in == null) return;
			Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) return;
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				requireFits((long) reader.getWidth(0) * reader.getHeight(0) * 4, "its " + reader.getWidth(0) + "x" +
					reader.getHeight(0) + " pixels");
			}
			catch (IOException | RuntimeException e) {
				if (e instanceof TooLarge) throw e;
				throw new IOException("not a readable image (corrupt header: " + e + ")", e);
			}
			finally {
				reader.dispose();
			}
		}
	}

	static void requireFits(long bytes, String what) throws IOException {
		Runtime rt = Runtime.getRuntime();
		long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (bytes < 0 || bytes > Long.MAX_VALUE / COPIES || bytes * COPIES > free) throw new TooLarge(String.format(Locale.ROOT,
			"the image is too large for the Java heap: %s take %d MB decoded, the heap has %d MB free of %d MB; give " +
			"Java more memory (MAMBAJ_JAVA_OPTS=-Xmx...)", what, bytes >> 20, free >> 20, rt.maxMemory() >> 20));
	}

	static final class TooLarge extends IOException {
		TooLarge(String message) {
			super(message);
		}
	}
}

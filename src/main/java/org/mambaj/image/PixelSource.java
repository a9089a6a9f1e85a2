package org.mambaj.image;

/**
 * Read access to an image of C channels of H x W float values: what the tiler cuts tiles from, from several threads
 * at once when it runs tiles at once (implementations are read-only views).
 */
public interface PixelSource {

	int channels();

	int height();

	int width();

	/** The value of channel c at row y, column x. */
	float get(int c, int y, int x);
}

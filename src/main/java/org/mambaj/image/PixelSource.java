package org.mambaj.image;

/** Read access to an image of C channels of H x W float values: what the tiler cuts tiles from. */
public interface PixelSource {

	int channels();

	int height();

	int width();

	/** The value of channel c at row y, column x. */
	float get(int c, int y, int x);
}

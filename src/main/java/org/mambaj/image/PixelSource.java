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

	/** Channel {@code c} alone, as a one-channel view (per-channel statistics read it). */
	default PixelSource channel(int c) {
		if (c < 0 || c >= channels()) throw new IndexOutOfBoundsException("channel " + c + " of " + channels());
		PixelSource all = this;
		return new PixelSource() {
			@Override public int channels() { return 1; }
			@Override public int height() { return all.height(); }
			@Override public int width() { return all.width(); }
			@Override public float get(int ignored, int y, int x) { return all.get(c, y, x); }
		};
	}
}

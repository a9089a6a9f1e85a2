package org.mambaj.image;

import org.mambaj.io.ChannelMode;

/** Maps an image's channels to what a model was trained on. */
public final class Channels {

	private Channels() {}

	/** How each model channel is made from the image's channels; computed pixel by pixel, so no copy is needed. */
	public enum Mapping {
		/** The image's channels as they are. */
		SAME,
		/** One channel: 0.299 R + 0.587 G + 0.114 B. */
		LUMINANCE,
		/** One channel: the second (green) of three. */
		GREEN,
		/** Three channels: the one grey channel repeated. */
		REPEAT;

		/** Model channels for an image of {@code imageChannels}. */
		public int channels(int imageChannels) {
			return switch (this) {
				case SAME -> imageChannels;
				case LUMINANCE, GREEN -> 1;
				case REPEAT -> 3;
			};
		}

		/** Model channel k at pixel index i of the image. */
		public float value(Raster image, int k, int i) {
			return switch (this) {
				case SAME -> image.get(k, i);
				case LUMINANCE -> (float) (0.299 * image.get(0, i) + 0.587 * image.get(1, i) + 0.114 * image.get(2, i));
				case GREEN -> image.get(1, i);
				case REPEAT -> image.get(0, i);
			};
		}
	}

	/** The mapping of an image of {@code c} channels for a model that takes {@code mode} images. */
	public static Mapping mapping(ChannelMode mode, int c) {
		switch (mode) {
			case GREY:
				if (c == 1) return Mapping.SAME;
				if (c == 3) return Mapping.LUMINANCE;
				break;
			case GREEN:
				if (c == 1) return Mapping.SAME;
				if (c == 3) return Mapping.GREEN;
				break;
			case RGB:
				if (c == 3) return Mapping.SAME;
				if (c == 1) return Mapping.REPEAT;
				break;
		}
		throw new IllegalArgumentException("the model takes " + mode.key() + " images; an image with " + c +
			" channels cannot be converted (use 1 or 3 channels)");
	}

	/** The plane mapped by {@link #mapping} (the plane itself when nothing changes, else a copy). */
	public static Plane adapt(Plane p, ChannelMode mode) {
		Mapping m = mapping(mode, p.channels());
		if (m == Mapping.SAME) return p;
		Raster image = Raster.of(p);
		int n = p.pixels(), c = m.channels(p.channels());
		float[] out = new float[c * n];
		for (int k = 0; k < c; k++)
			for (int i = 0; i < n; i++) out[k * n + i] = m.value(image, k, i);
		return new Plane(out, c, p.height(), p.width());
	}
}

package org.mambaj.image;

/** Maps an image's channels to what a model was trained on. */
public final class Channels {

	private Channels() {}

	/**
	 * @param mode "grey" (1 channel; RGB becomes luminance 0.299 R + 0.587 G + 0.114 B), "green" (channel 2 of
	 *          RGB, or the only channel) or "rgb" (3 channels; grey is repeated)
	 */
	public static Plane adapt(Plane p, String mode) {
		int c = p.channels();
		switch (mode) {
			case "grey":
				if (c == 1) return p;
				if (c == 3) return luminance(p);
				break;
			case "green":
				if (c == 1) return p;
				if (c == 3) return p.channel(1);
				break;
			case "rgb":
				if (c == 3) return p;
				if (c == 1) return repeat(p, 3);
				break;
			default:
				throw new IllegalArgumentException("unknown channel mode '" + mode + "' (grey, green or rgb)");
		}
		throw new IllegalArgumentException("the model takes " + mode + " images; an image with " + c +
			" channels cannot be converted (use 1 or 3 channels)");
	}

	static Plane luminance(Plane p) {
		int n = p.pixels();
		float[] d = p.data(), out = new float[n];
		for (int i = 0; i < n; i++) out[i] = (float) (0.299 * d[i] + 0.587 * d[n + i] + 0.114 * d[2 * n + i]);
		return new Plane(out, 1, p.height(), p.width());
	}

	static Plane repeat(Plane p, int times) {
		int n = p.pixels();
		float[] out = new float[n * times];
		for (int k = 0; k < times; k++) System.arraycopy(p.data(), 0, out, k * n, n);
		return new Plane(out, times, p.height(), p.width());
	}
}

package org.mambaj.image;

/**
 * An image of C channels of H x W pixels kept in the pixel type it came in (unsigned 8-bit, unsigned 16-bit or
 * 32-bit float), one array per channel: the input and output copy of a run. A grey 8-bit image costs one byte a
 * pixel instead of a {@link Plane}'s four, and ImageJ / ImgLib2 arrays are wrapped without a copy. Channel k's
 * pixels start at {@code offset(k)} of {@code array(k)}, row-major, so a channel-major float array (a Plane's)
 * is wrapped too.
 */
public final class Raster implements PixelSource {

	/** How the values are stored. */
	public enum Type {
		U8, U16, F32;

		/** Bytes per value. */
		public int bytes() {
			return this == U8 ? 1 : this == U16 ? 2 : 4;
		}
	}

	private final Type type;
	private final Object[] arrays;
	private final int[] offsets;
	private final int height, width;

	private Raster(Type type, Object[] arrays, int[] offsets, int height, int width) {
		if (arrays.length == 0 || height <= 0 || width <= 0) throw new IllegalArgumentException(
			"an image must have at least one channel and pixel, got " + arrays.length + "x" + height + "x" + width);
		long n = (long) height * width;
		for (int k = 0; k < arrays.length; k++) {
			int length = switch (type) {
				case U8 -> ((byte[]) arrays[k]).length;
				case U16 -> ((short[]) arrays[k]).length;
				case F32 -> ((float[]) arrays[k]).length;
			};
			if (offsets[k] < 0 || offsets[k] + n > length) throw new IllegalArgumentException("channel " + k + " of a " +
				width + "x" + height + " image needs " + n + " values from offset " + offsets[k] + ", its array has " + length);
		}
		this.type = type;
		this.arrays = arrays;
		this.offsets = offsets;
		this.height = height;
		this.width = width;
	}

	/** Unsigned 8-bit channels (each array of length H x W, shared). */
	public static Raster bytes(int height, int width, byte[]... channels) {
		return new Raster(Type.U8, channels.clone(), new int[channels.length], height, width);
	}

	/** Unsigned 16-bit channels (shared). */
	public static Raster shorts(int height, int width, short[]... channels) {
		return new Raster(Type.U16, channels.clone(), new int[channels.length], height, width);
	}

	/** Float channels (shared). */
	public static Raster floats(int height, int width, float[]... channels) {
		return new Raster(Type.F32, channels.clone(), new int[channels.length], height, width);
	}

	/** The plane's channel-major array, shared. */
	public static Raster of(Plane p) {
		Object[] arrays = new Object[p.channels()];
		int[] offsets = new int[p.channels()];
		for (int k = 0; k < arrays.length; k++) {
			arrays[k] = p.data();
			offsets[k] = k * p.pixels();
		}
		return new Raster(Type.F32, arrays, offsets, p.height(), p.width());
	}

	/**
	 * A zero image to write results into; float images get one channel-major array (so {@link #toPlane} and
	 * ImgLib2's (X, Y, C) wrap it), integer images one array per channel (what ImageJ's processors wrap).
	 */
	public static Raster allocate(Type type, int channels, int height, int width) {
		long n = (long) height * width;
		long values = type == Type.F32 ? n * channels : n; // float results share one channel-major array
		if (values > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
			"a " + width + "x" + height + " image with " + channels + " channel(s) is larger than a Java array can hold");
		if (type == Type.F32) return of(Plane.zeros(channels, height, width));
		Object[] arrays = new Object[channels];
		for (int k = 0; k < channels; k++) arrays[k] = type == Type.U8 ? new byte[(int) n] : new short[(int) n];
		return new Raster(type, arrays, new int[channels], height, width);
	}

	public Type type() { return type; }
	@Override public int channels() { return arrays.length; }
	@Override public int height() { return height; }
	@Override public int width() { return width; }
	public int pixels() { return height * width; }

	/** Channel k's array (byte[], short[] or float[] by {@link #type}); its pixels start at {@link #offset}. */
	public Object array(int k) { return arrays[k]; }
	public int offset(int k) { return offsets[k]; }

	/** The value of channel c at pixel index i (y * width + x); unsigned for the integer types. */
	public float get(int c, int i) {
		int j = offsets[c] + i;
		return switch (type) {
			case U8 -> ((byte[]) arrays[c])[j] & 0xff;
			case U16 -> ((short[]) arrays[c])[j] & 0xffff;
			case F32 -> ((float[]) arrays[c])[j];
		};
	}

	@Override
	public float get(int c, int y, int x) {
		return get(c, y * width + x);
	}

	/** Stores v (an integer type keeps its low 8 or 16 bits of (int) v, so callers check the range). */
	public void set(int c, int i, float v) {
		int j = offsets[c] + i;
		switch (type) {
			case U8 -> ((byte[]) arrays[c])[j] = (byte) (int) v;
			case U16 -> ((short[]) arrays[c])[j] = (short) (int) v;
			case F32 -> ((float[]) arrays[c])[j] = v;
		}
	}

	/** The image as a float plane: the shared array of a float image made by {@link #of} or {@link #allocate}, else a copy. */
	public Plane toPlane() {
		if (type == Type.F32 && sharesOnePlane()) return new Plane((float[]) arrays[0], channels(), height, width);
		int n = pixels();
		float[] out = new float[Math.multiplyExact(n, channels())];
		for (int k = 0; k < channels(); k++)
			for (int i = 0; i < n; i++) out[k * n + i] = get(k, i);
		return new Plane(out, channels(), height, width);
	}

	private boolean sharesOnePlane() {
		int n = pixels();
		if (((float[]) arrays[0]).length != (long) n * channels()) return false;
		for (int k = 0; k < arrays.length; k++) if (arrays[k] != arrays[0] || offsets[k] != k * n) return false;
		return true;
	}

	@Override
	public String toString() {
		return "Raster[" + type + " " + channels() + "x" + height + "x" + width + "]";
	}
}

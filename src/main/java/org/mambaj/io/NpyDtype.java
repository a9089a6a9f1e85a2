package org.mambaj.io;

import java.nio.ByteBuffer;

/**
 * The NumPy element types {@link Npy} reads, by their {@code descr} string, all converted to float32. Big-endian
 * and structured types are not supported.
 */
enum NpyDtype {
	F4("<f4", 4), F8("<f8", 8), F2("<f2", 2), U1("|u1", 1), U2("<u2", 2), I1("|i1", 1), I2("<i2", 2), I4("<i4", 4),
	I8("<i8", 8), B1("|b1", 1);

	final String descr;
	final int bytes;

	NpyDtype(String descr, int bytes) {
		this.descr = descr;
		this.bytes = bytes;
	}

	/** The dtype for a descr; single-byte types may be written with '|' or '<' and '=' means little endian here. */
	static NpyDtype byDescr(String descr) {
		String normalized = descr;
		if (descr.length() == 3 && (descr.charAt(0) == '=' || descr.charAt(0) == '<' || descr.charAt(0) == '|'))
			normalized = descr.substring(1);
		for (NpyDtype d : values()) if (d.descr.substring(1).equals(normalized)) {
			// '|' only makes sense for single bytes; '<f4' written as '|f4' would be a malformed header.
			if (descr.charAt(0) == '|' && d.bytes != 1) return null;
			return d;
		}
		return null;
	}

	static String supported() {
		StringBuilder sb = new StringBuilder();
		for (NpyDtype d : values()) sb.append(sb.length() == 0 ? "" : ", ").append(d.descr);
		return sb.toString();
	}

	/** Decodes {@code count} little-endian elements from {@code src} into {@code dst[offset...]}. */
	void decode(ByteBuffer src, float[] dst, int offset, int count) {
		switch (this) {
			case F4: src.asFloatBuffer().get(dst, offset, count); src.position(src.position() + 4 * count); break;
			case F8: for (int i = 0; i < count; i++) dst[offset + i] = (float) src.getDouble(); break;
			case F2: for (int i = 0; i < count; i++) dst[offset + i] = HalfFloats.f16ToFloat(src.getShort()); break;
			case U1: for (int i = 0; i < count; i++) dst[offset + i] = src.get() & 0xFF; break;
			case U2: for (int i = 0; i < count; i++) dst[offset + i] = src.getShort() & 0xFFFF; break;
			case I1: for (int i = 0; i < count; i++) dst[offset + i] = src.get(); break;
			case I2: for (int i = 0; i < count; i++) dst[offset + i] = src.getShort(); break;
			case I4: for (int i = 0; i < count; i++) dst[offset + i] = src.getInt(); break;
			case I8: for (int i = 0; i < count; i++) dst[offset + i] = src.getLong(); break;
			case B1: for (int i = 0; i < count; i++) dst[offset + i] = src.get() != 0 ? 1f : 0f; break;
			default: throw new AssertionError(this);
		}
	}
}

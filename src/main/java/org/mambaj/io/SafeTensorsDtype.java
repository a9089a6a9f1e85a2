package org.mambaj.io;

import java.nio.ByteBuffer;

/**
 * The safetensors element types this reader accepts, each converted to float32 on read. Floats widen exactly
 * (F64 rounds to nearest); integers convert as by a Java cast, so values beyond 2^24 lose precision: they occur only
 * in bookkeeping tensors such as BatchNorm's {@code num_batches_tracked}. Other safetensors types (F8_*, U16, U32,
 * U64, C64...) are rejected by name.
 */
enum SafeTensorsDtype {
	F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

	final int bytes;

	SafeTensorsDtype(int bytes) {
		this.bytes = bytes;
	}

	/** The dtype named {@code name} in a header, or null if it is not one of these. */
	static SafeTensorsDtype byName(String name) {
		for (SafeTensorsDtype d : values()) if (d.name().equals(name)) return d;
		return null;
	}

	/** Decodes {@code count} little-endian elements from {@code src} into {@code dst[offset...]}. */
	void decode(ByteBuffer src, float[] dst, int offset, int count) {
		switch (this) {
			case F32: src.asFloatBuffer().get(dst, offset, count); src.position(src.position() + 4 * count); break;
			case F64: for (int i = 0; i < count; i++) dst[offset + i] = (float) src.getDouble(); break;
			case F16: for (int i = 0; i < count; i++) dst[offset + i] = HalfFloats.f16ToFloat(src.getShort()); break;
			case BF16: for (int i = 0; i < count; i++) dst[offset + i] = HalfFloats.bf16ToFloat(src.getShort()); break;
			case I64: for (int i = 0; i < count; i++) dst[offset + i] = src.getLong(); break;
			case I32: for (int i = 0; i < count; i++) dst[offset + i] = src.getInt(); break;
			case I16: for (int i = 0; i < count; i++) dst[offset + i] = src.getShort(); break;
			case I8: for (int i = 0; i < count; i++) dst[offset + i] = src.get(); break;
			case U8: for (int i = 0; i < count; i++) dst[offset + i] = src.get() & 0xFF; break;
			case BOOL: for (int i = 0; i < count; i++) dst[offset + i] = src.get() != 0 ? 1f : 0f; break;
			default: throw new AssertionError(this);
		}
	}

	static String supportedNames() {
		StringBuilder sb = new StringBuilder();
		for (SafeTensorsDtype d : values()) sb.append(sb.length() == 0 ? "" : ", ").append(d.name());
		return sb.toString();
	}
}

package org.mambaj.io.pth;

/**
 * A {@code numpy.dtype} as a pickle builds it ({@code numpy.dtype('f8', False, True)}, then BUILD with a state
 * tuple whose second item is the byte order). Only the three scalar types that training logs hold are accepted:
 * float64, float32 and int64; any other is refused by name when the dtype is created.
 */
final class NumpyDtype {

	final String code;
	final int itemSize;
	/** '<' little, '>' big, '|' or '=' not applicable / native (little on every machine PyTorch writes from). */
	char byteOrder = '<';

	private NumpyDtype(String code, int itemSize) {
		this.code = code;
		this.itemSize = itemSize;
	}

	/** The dtype for a NumPy type code, or null when it is not one MambaJ reads. */
	static NumpyDtype of(String code) {
		return switch (code) {
			case "f8" -> new NumpyDtype(code, 8);
			case "f4" -> new NumpyDtype(code, 4);
			case "i8" -> new NumpyDtype(code, 8);
			default -> null;
		};
	}

	/** The scalar held in {@code raw}: a Double for floats, a Long for int64. */
	Object decode(byte[] raw) {
		java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(byteOrder == '>' ?
			java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
		return switch (code) {
			case "f8" -> b.getDouble();
			case "f4" -> (double) b.getFloat();
			default -> b.getLong();
		};
	}

	@Override
	public String toString() {
		return "numpy.dtype('" + code + "')";
	}
}

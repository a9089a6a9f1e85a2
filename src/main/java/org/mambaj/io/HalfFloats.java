package org.mambaj.io;

/**
 * Conversions from the 16-bit float formats to float32. Java 17 has no {@code Float.float16ToFloat} (added in 20),
 * so IEEE half precision is decoded here by hand.
 */
public final class HalfFloats {

	private HalfFloats() {}

	/** IEEE 754 binary16: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits. */
	public static float f16ToFloat(short bits) {
		int h = bits & 0xFFFF;
		int sign = (h & 0x8000) << 16;
		int exponent = (h >>> 10) & 0x1F;
		int mantissa = h & 0x3FF;
		if (exponent == 0x1F) {
			// Inf or NaN: keep the payload so a NaN stays a NaN.
			return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
		}
		if (exponent == 0) {
			// Zero or subnormal: value = mantissa * 2^-24, exact in float32.
			float magnitude = mantissa * 0x1p-24f;
			return sign == 0 ? magnitude : -magnitude;
		}
		// Normal: rebias the exponent from 15 to 127 and widen the mantissa.
		return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
	}

	/** bfloat16 is the upper half of a float32, so widening is a shift. */
	public static float bf16ToFloat(short bits) {
		return Float.intBitsToFloat((bits & 0xFFFF) << 16);
	}
}

package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

	private static float f16(int bits) {
		return HalfFloats.f16ToFloat((short) bits);
	}

	@Test
	void decodesHalfPrecisionSpecialValues() {
		assertEquals(1.0f, f16(0x3C00));
		assertEquals(-2.0f, f16(0xC000));
		assertEquals(Float.POSITIVE_INFINITY, f16(0x7C00));
		assertEquals(Float.NEGATIVE_INFINITY, f16(0xFC00));
		assertTrue(Float.isNaN(f16(0x7E00)));
		assertTrue(Float.isNaN(f16(0x7C01)), "a NaN with a small payload must stay NaN, not become infinity");
		assertEquals(0x0p0f, f16(0x0000));
		assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(f16(0x8000)));
		assertEquals(65504f, f16(0x7BFF), "largest half");
		assertEquals(0x1p-14f, f16(0x0400), "smallest normal half");
		assertEquals(0x1p-24f, f16(0x0001), "smallest subnormal half");
		assertEquals(-0x1p-24f, f16(0x8001));
		assertEquals(1023 * 0x1p-24f, f16(0x03FF), "largest subnormal half");
		assertEquals(0.333251953125f, f16(0x3555));
	}

	@Test
	void decodesEveryFiniteHalfExactlyAsAFloatRoundTrip() {
		// Compare against an independent formula: (-1)^s * 2^(e-15) * (1 + m/1024), or subnormal m * 2^-24.
		for (int bits = 0; bits < 0x10000; bits++) {
			int e = (bits >> 10) & 0x1F, m = bits & 0x3FF;
			if (e == 0x1F) continue;
			double magnitude = e == 0 ? m * Math.pow(2, -24) : Math.pow(2, e - 15) * (1 + m / 1024.0);
			double expected = (bits & 0x8000) != 0 ? -magnitude : magnitude;
			assertEquals((float) expected, f16(bits), "bits 0x" + Integer.toHexString(bits));
		}
	}

	@Test
	void decodesBfloat16() {
		assertEquals(1.0f, HalfFloats.bf16ToFloat((short) 0x3F80));
		assertEquals(-2.0f, HalfFloats.bf16ToFloat((short) 0xC000));
		assertEquals(Float.POSITIVE_INFINITY, HalfFloats.bf16ToFloat((short) 0x7F80));
		assertTrue(Float.isNaN(HalfFloats.bf16ToFloat((short) 0x7FC0)));
		assertEquals(3.140625f, HalfFloats.bf16ToFloat((short) 0x4049));
	}
}

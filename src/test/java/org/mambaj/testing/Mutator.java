package org.mambaj.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutations of a file's bytes for fuzzing: bit flips, interesting bytes and 64-bit lengths, truncation,
 * deleted and repeated ranges, and numbers in text replaced by hostile ones (0, -1, 2^31, 2^32 + 8, 16.5, NaN,
 * 1e20...). The same seed gives the same mutant, so a failure names a case that can be replayed.
 */
public final class Mutator {

	private static final String[] NUMBERS = { "0", "-1", "1", "2147483647", "2147483648", "4294967304", "-2147483649",
		"9223372036854775807", "99999999999999999999", "16.5", "1e20", "NaN", ".nan", ".inf", "-0", "46341", "30000" };
	private static final byte[] BYTES = { 0, -1, 0x7F, (byte) 0x80, '{', '}', '"', '[', ':', ',', '9', '-', '\n', '\\' };
	private static final long[] LONGS = { 0, -1, 1L << 31, 1L << 32, Long.MAX_VALUE, 90L << 20, 1L << 62 };

	private Mutator() {}

	/** One to four mutations of {@code seed}, chosen by {@code random}; {@code textEnd} bounds the text part. */
	public static byte[] mutate(byte[] seed, Random random, int textEnd) {
		byte[] b = seed.clone();
		int n = 1 + random.nextInt(4);
		for (int i = 0; i < n; i++) b = once(b, random, Math.min(textEnd, b.length));
		return b;
	}

	private static byte[] once(byte[] b, Random r, int textEnd) {
		if (b.length == 0) return new byte[] { BYTES[r.nextInt(BYTES.length)] };
		int region = r.nextInt(3) == 0 || textEnd <= 0 ? b.length : textEnd; // mostly the header or text
		int at = r.nextInt(Math.max(1, region));
		switch (r.nextInt(7)) {
			case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
			case 1 -> b[at] = BYTES[r.nextInt(BYTES.length)];
			case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length));
			case 3 -> {
				int len = Math.min(b.length - at, 1 + r.nextInt(16));
				byte[] c = new byte[b.length - len];
				System.arraycopy(b, 0, c, 0, at);
				System.arraycopy(b, at + len, c, at, b.length - at - len);
				b = c;
			}
			case 4 -> {
				int len = Math.min(b.length - at, 1 + r.nextInt(64));
				byte[] c = new byte[b.length + len];
				System.arraycopy(b, 0, c, 0, at + len);
				System.arraycopy(b, at, c, at + len, b.length - at);
				b = c;
			}
			case 5 -> b = replaceNumber(b, r, textEnd);
			default -> {
				int pos = r.nextInt(Math.min(b.length, 16));
				long v = LONGS[r.nextInt(LONGS.length)];
				for (int k = 0; k < 8 && pos + k < b.length; k++) b[pos + k] = (byte) (v >>> (8 * k));
			}
		}
		return b;
	}

	/** Replaces a run of digits in the text part by a hostile number. */
	private static byte[] replaceNumber(byte[] b, Random r, int textEnd) {
		int start = r.nextInt(Math.max(1, textEnd));
		while (start < textEnd && !Character.isDigit(b[start])) start++;
		if (start >= textEnd) return b;
		int end = start;
		while (end < textEnd && (Character.isDigit(b[end]) || b[end] == '.')) end++;
		byte[] number = NUMBERS[r.nextInt(NUMBERS.length)].getBytes(StandardCharsets.US_ASCII);
		byte[] c = new byte[b.length - (end - start) + number.length];
		System.arraycopy(b, 0, c, 0, start);
		System.arraycopy(number, 0, c, start, number.length);
		System.arraycopy(b, end, c, start + number.length, b.length - end);
		return c;
	}
}

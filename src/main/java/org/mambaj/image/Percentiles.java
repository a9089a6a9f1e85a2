package org.mambaj.image;

import java.util.Arrays;

/**
 * NumPy's default ('linear') percentiles of all values of an image, exactly as sorting a float copy would give
 * them, in two streaming passes and 0.5-1 MB of memory instead of a sorted copy of the image: the first pass counts
 * the values by the high 16 bits of an order-preserving integer key of their float bits, the second counts, inside
 * the few buckets that hold the wanted ranks, by the low 16 bits; the two counts give each order statistic exactly.
 */
final class Percentiles {

	private static final int BUCKETS = 1 << 16;

	private Percentiles() {}

	/** The percentiles qs (each in [0, 100]) of every value of {@code source}; refuses NaN. */
	static double[] of(PixelSource source, double... qs) {
		long[] high = new long[BUCKETS];
		forEachKey(source, key -> high[bucket(key)]++);
		long n = 0;
		for (long c : high) n += c;
		// each percentile needs ranks i and i + 1 (the last value alone at or past the end)
		long[] ranks = new long[2 * qs.length];
		double[] fractions = new double[qs.length];
		for (int k = 0; k < qs.length; k++) {
			double pos = qs[k] / 100.0 * (n - 1);
			long i = (long) Math.floor(pos);
			boolean last = i >= n - 1;
			ranks[2 * k] = last ? n - 1 : i;
			ranks[2 * k + 1] = last ? n - 1 : i + 1;
			fractions[k] = last ? 0 : pos - i;
		}
		int[] buckets = new int[ranks.length];
		long[] before = new long[ranks.length]; // values in lower buckets
		for (int r = 0; r < ranks.length; r++) {
			long seen = 0;
			int b = 0;
			while (seen + high[b] <= ranks[r]) seen += high[b++];
			buckets[r] = b;
			before[r] = seen;
		}
		// the low 16 bits within each wanted bucket (at most one histogram per distinct bucket)
		int[] slot = new int[BUCKETS];
		Arrays.fill(slot, -1);
		int slots = 0;
		for (int b : buckets) if (slot[b] < 0) slot[b] = slots++;
		long[][] low = new long[slots][BUCKETS];
		forEachKey(source, key -> {
			int s = slot[bucket(key)];
			if (s >= 0) low[s][key & 0xffff]++;
		});
		double[] out = new double[qs.length];
		for (int k = 0; k < qs.length; k++) {
			float a = value(buckets[2 * k], low[slot[buckets[2 * k]]], ranks[2 * k] - before[2 * k]);
			float b = value(buckets[2 * k + 1], low[slot[buckets[2 * k + 1]]], ranks[2 * k + 1] - before[2 * k + 1]);
			out[k] = ranks[2 * k] == ranks[2 * k + 1] ? a : a + (b - (double) a) * fractions[k];
		}
		return out;
	}

	private interface KeySink {
		void accept(int key);
	}

	private static void forEachKey(PixelSource source, KeySink sink) {
		for (int c = 0; c < source.channels(); c++)
			for (int y = 0; y < source.height(); y++)
				for (int x = 0; x < source.width(); x++) {
					float v = source.get(c, y, x);
					if (Float.isNaN(v)) throw new IllegalArgumentException("the image contains NaN values");
					sink.accept(key(v));
				}
	}

	/** An int whose signed order is the float order (-0 before +0, as Arrays.sort puts them). */
	static int key(float v) {
		int bits = Float.floatToRawIntBits(v);
		return bits ^ ((bits >> 31) & 0x7fffffff);
	}

	private static float fromKey(int key) {
		return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7fffffff));
	}

	/** The high 16 bits of a key, as an unsigned bucket index in key order. */
	private static int bucket(int key) {
		return (key >>> 16) ^ 0x8000;
	}

	/** The value of the given rank among those in bucket b. */
	private static float value(int b, long[] low, long rank) {
		long seen = 0;
		int l = 0;
		while (seen + low[l] <= rank) seen += low[l++];
		return fromKey(((b ^ 0x8000) << 16) | l);
	}
}

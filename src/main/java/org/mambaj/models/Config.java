package org.mambaj.models;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Typed, range-checked reads of an architecture's config map (from rdf.yaml or config.json). Every problem is a
 * {@link ConfigException} naming the architecture and the field: a non-integer (16.5), an integer beyond int
 * (2^32 + 8 is not read as 8), NaN or infinity, or a value outside the range MambaJ can build.
 */
public final class Config {

	private final String architecture;
	private final Map<String, ?> values;

	/** {@code values} over the architecture's published defaults ({@link ArchitectureDefaults}). */
	public Config(String architecture, Map<String, ?> values) {
		this.architecture = architecture;
		this.values = ArchitectureDefaults.config(architecture, values);
	}

	/** A value the config or the architecture's defaults must give (one set of defaults, shared with Python). */
	public int getInt(String key) {
		return getInt(requirePresent(key), 0);
	}

	public float getFloat(String key) {
		return getFloat(requirePresent(key), 0f);
	}

	public int[] getInts(String key) {
		return getInts(requirePresent(key), new int[0]);
	}

	private String requirePresent(String key) {
		if (values.get(key) != null) return key;
		throw new IllegalArgumentException(architecture + " config: '" + key + "' is missing and has no default in " +
			"architecture-defaults.json");
	}

	/** A value the config or the defaults must give, in [min, max]. */
	public int getIntIn(String key, int min, int max) {
		return getInt(requirePresent(key), 0, min, max);
	}

	/** A finite number the config or the defaults must give, in [min, max]. */
	public float getFloatIn(String key, float min, float max) {
		return getFloat(requirePresent(key), 0f, min, max);
	}

	/** A non-empty list of integers the config or the defaults must give, each in [min, max]. */
	public int[] getIntsWithin(String key, int min, int max) {
		return getIntsIn(requirePresent(key), min, max);
	}

	public int getInt(String key, int fallback) {
		return getInt(key, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE);
	}

	/** An integer in [min, max], or {@code fallback} when absent. */
	public int getInt(String key, int fallback, int min, int max) {
		Object v = values.get(key);
		return v == null ? fallback : integer(key, v, min, max);
	}

	public float getFloat(String key, float fallback) {
		return getFloat(key, fallback, -Float.MAX_VALUE, Float.MAX_VALUE);
	}

	/** A finite number in [min, max], or {@code fallback} when absent. */
	public float getFloat(String key, float fallback, float min, float max) {
		Object v = values.get(key);
		if (v == null) return fallback;
		if (!(v instanceof Number n)) throw bad(key, v, "a number");
		double d = n.doubleValue();
		if (!Double.isFinite(d) || d < min || d > max) throw bad(key, v, "a finite number in [" + min + ", " + max + "]");
		return (float) d;
	}

	public int[] getInts(String key, int... fallback) {
		return getIntsIn(key, Integer.MIN_VALUE, Integer.MAX_VALUE, fallback);
	}

	/** A non-empty list of integers, each in [min, max], or {@code fallback} when absent. */
	public int[] getIntsIn(String key, int min, int max, int... fallback) {
		Object v = values.get(key);
		if (v == null) return fallback.clone();
		if (!(v instanceof List<?> list) || list.isEmpty()) throw bad(key, v, "a non-empty list of integers");
		int[] out = new int[list.size()];
		for (int i = 0; i < out.length; i++) out[i] = integer(key + "[" + i + "]", list.get(i), min, max);
		return out;
	}

	/**
	 * A per-stage, per-axis setting such as nnU-Net's kernel sizes and strides: one integer for every stage and
	 * axis, or a list of {@code stages} entries, each an integer or a list of {@code axes} integers.
	 */
	public int[][] getPerAxis(String key, int stages, int axes) {
		Object v = values.get(requirePresent(key));
		int[][] out = new int[stages][axes];
		if (v instanceof Number n) {
			for (int[] row : out) java.util.Arrays.fill(row, getInt(key));
			return out;
		}
		if (!(v instanceof List<?> list) || list.size() != stages) throw bad(key, v, "an integer or a list of " +
			stages + " entries (one per stage)");
		for (int s = 0; s < stages; s++) {
			Object e = list.get(s);
			if (e instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) java.util.Arrays.fill(out[s], n.intValue());
			else if (e instanceof List<?> axis && axis.size() == axes && axis.stream().allMatch(a -> a instanceof Number))
				for (int a = 0; a < axes; a++) out[s][a] = ((Number) axis.get(a)).intValue();
			else throw bad(key, v, "per stage an integer or a list of " + axes + " integers (stage " + s + ": " + e + ")");
		}
		return out;
	}

	/** {@link #getInts} where a single integer means the same value {@code n} times. */
	public int[] getIntsOrScalar(String key, int n) {
		Object v = values.get(requirePresent(key));
		if (v instanceof Number) {
			int[] out = new int[n];
			java.util.Arrays.fill(out, getInt(key));
			return out;
		}
		int[] out = getInts(key);
		if (out.length != n) throw bad(key, v, "an integer or a list of " + n + " integers");
		return out;
	}

	/** One of {@code allowed} (a string the config or the defaults give; null reads as {@code allowed[0]}). */
	public String getChoice(String key, String... allowed) {
		Object v = values.get(key);
		if (v == null) return allowed[0];
		for (String a : allowed) if (a.equals(v)) return a;
		throw bad(key, v instanceof String ? "'" + v + "'" : v, "one of " + java.util.Arrays.stream(allowed)
			.map(a -> "'" + a + "'").toList());
	}

	/** The value as given (strings, booleans), or null. */
	public Object raw(String key) {
		return values.get(key);
	}

	public int positive(String key, int value) {
		if (value <= 0) throw new ConfigException(architecture + " config: '" + key + "' must be positive, got " + value);
		return value;
	}

	/** Refuses lists that must have one entry per stage but do not. */
	public void sameLength(String key, int[] values, String otherKey, int[] other) {
		if (values.length != other.length) throw new ConfigException(architecture + " config: '" + key + "' has " +
			values.length + " entries but '" + otherKey + "' has " + other.length + "; they need one per stage");
	}

	private int integer(String key, Object v, int min, int max) {
		String range = " in [" + min + ", " + max + "]";
		if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
			BigInteger b = v instanceof BigInteger big ? big : BigInteger.valueOf(((Number) v).longValue());
			if (b.compareTo(BigInteger.valueOf(min)) < 0 || b.compareTo(BigInteger.valueOf(max)) > 0)
				throw bad(key, v, "an integer" + range);
			return b.intValue();
		}
		if (v instanceof Number n) {
			double d = n.doubleValue();
			// 16.0 is harmless; 16.5, NaN and 1e20 are not integers MambaJ can use
			if (d == Math.rint(d) && d >= min && d <= max) return (int) d;
		}
		throw bad(key, v, "an integer" + range);
	}

	private ConfigException bad(String key, Object v, String expected) {
		return new ConfigException(architecture + " config: '" + key + "' must be " + expected + ", got " + v);
	}
}

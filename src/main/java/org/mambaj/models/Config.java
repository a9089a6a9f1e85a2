package org.mambaj.models;

import java.util.List;
import java.util.Map;

/** Typed reads of an architecture's config map (from rdf.yaml or config.json), with clear errors. */
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

	public int getInt(String key, int fallback) {
		Object v = values.get(key);
		if (v == null) return fallback;
		if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.intValue();
		throw bad(key, v, "an integer");
	}

	public float getFloat(String key, float fallback) {
		Object v = values.get(key);
		if (v == null) return fallback;
		if (v instanceof Number n) return n.floatValue();
		throw bad(key, v, "a number");
	}

	public int[] getInts(String key, int... fallback) {
		Object v = values.get(key);
		if (v == null) return fallback.clone();
		if (!(v instanceof List<?> list)) throw bad(key, v, "a list of integers");
		int[] out = new int[list.size()];
		for (int i = 0; i < out.length; i++) {
			if (!(list.get(i) instanceof Number n)) throw bad(key, v, "a list of integers");
			out[i] = n.intValue();
		}
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

	/** The value as given (strings, booleans), or null. */
	public Object raw(String key) {
		return values.get(key);
	}

	public int positive(String key, int value) {
		if (value <= 0) throw new IllegalArgumentException(architecture + " config: '" + key + "' must be positive, got " + value);
		return value;
	}

	private IllegalArgumentException bad(String key, Object v, String expected) {
		return new IllegalArgumentException(architecture + " config: '" + key + "' must be " + expected + ", got " + v);
	}
}

package org.mambaj.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a parsed YAML tree for {@link RdfParser}, each failure naming the file and the field path
 * (e.g. {@code inputs[0].shape.min}).
 */
final class YamlValues {

	private final String file;

	YamlValues(String file) {
		this.file = file;
	}

	ModelPackageException error(String path, String problem) {
		return new ModelPackageException(file + ": " + path + ": " + problem);
	}

	Object required(Map<?, ?> map, String key, String path) throws ModelPackageException {
		Object value = map.get(key);
		if (value == null) throw error(path, "required field is missing");
		return value;
	}

	String requiredString(Map<?, ?> map, String key, String path) throws ModelPackageException {
		String value = optionalString(map, key, path);
		if (value == null || value.isBlank()) throw error(path, "required field is missing or empty");
		return value;
	}

	/** A scalar as text (YAML reads "version: 1.0" as a number), or null. */
	String optionalString(Map<?, ?> map, String key, String path) throws ModelPackageException {
		Object value = map.get(key);
		if (value == null) return null;
		if (value instanceof Map || value instanceof List) throw error(path, "expected a text, found " +
			describe(value));
		return value.toString();
	}

	Map<?, ?> map(Object value, String path) throws ModelPackageException {
		if (!(value instanceof Map)) throw error(path, "expected a mapping, found " + describe(value));
		return (Map<?, ?>) value;
	}

	List<?> list(Object value, String path) throws ModelPackageException {
		if (!(value instanceof List)) throw error(path, "expected a list, found " + describe(value));
		return (List<?>) value;
	}

	List<?> optionalList(Map<?, ?> map, String key, String path) throws ModelPackageException {
		Object value = map.get(key);
		return value == null ? Collections.emptyList() : list(value, path);
	}

	List<String> stringList(Map<?, ?> map, String key, String path) throws ModelPackageException {
		List<String> strings = new ArrayList<>();
		List<?> list = optionalList(map, key, path);
		for (int i = 0; i < list.size(); i++) {
			Object item = list.get(i);
			if (!(item instanceof String)) throw error(path + "[" + i + "]", "expected a text, found " +
				describe(item));
			strings.add((String) item);
		}
		return Collections.unmodifiableList(strings);
	}

	List<Integer> intList(Object value, String path) throws ModelPackageException {
		return intList(value, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
	}

	/** A list of integers, each in [min, max]. */
	List<Integer> intList(Object value, String path, int min, int max) throws ModelPackageException {
		List<Integer> ints = new ArrayList<>();
		List<?> list = list(value, path);
		for (int i = 0; i < list.size(); i++) ints.add(integer(list.get(i), path + "[" + i + "]", min, max));
		return Collections.unmodifiableList(ints);
	}

	/**
	 * An integer in [min, max]. YAML gives Integer, Long or BigInteger by size: all are checked against the range
	 * (2^32 + 8 is refused, not read as 8); a fraction such as 16.5, NaN or 1e20 is refused.
	 */
	int integer(Object value, String path, int min, int max) throws ModelPackageException {
		String expected = "expected an integer in [" + min + ", " + max + "], found " + describe(value);
		if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
			BigInteger b = value instanceof BigInteger big ? big : BigInteger.valueOf(((Number) value).longValue());
			if (b.compareTo(BigInteger.valueOf(min)) < 0 || b.compareTo(BigInteger.valueOf(max)) > 0)
				throw error(path, expected);
			return b.intValue();
		}
		if (value instanceof Double d && d == Math.rint(d) && d >= min && d <= max) return (int) (double) d;
		throw error(path, expected);
	}

	/** A number in [min, max] (never NaN). */
	double number(Object value, String path, double min, double max) throws ModelPackageException {
		if (!(value instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) throw error(path,
			"expected a number in [" + min + ", " + max + "], found " + describe(value));
		return n.doubleValue();
	}

	/** A deep, unmodifiable copy with String keys, so descriptors cannot be altered through their maps. */
	@SuppressWarnings("unchecked")
	Map<String, Object> immutableMap(Object value, String path) throws ModelPackageException {
		if (value == null) return Collections.emptyMap();
		return (Map<String, Object>) immutableCopy(map(value, path), path);
	}

	private Object immutableCopy(Object value, String path) throws ModelPackageException {
		if (value instanceof Map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
				// YAML allows non-text keys (1: x); keep them as text so lookups by name work.
				String key = String.valueOf(e.getKey());
				copy.put(key, immutableCopy(e.getValue(), path + "." + key));
			}
			return Collections.unmodifiableMap(copy);
		}
		if (value instanceof List) {
			List<Object> copy = new ArrayList<>();
			List<?> list = (List<?>) value;
			for (int i = 0; i < list.size(); i++) copy.add(immutableCopy(list.get(i), path + "[" + i + "]"));
			return Collections.unmodifiableList(copy);
		}
		if (value instanceof byte[]) throw error(path, "binary values are not supported");
		return value;
	}

	static String describe(Object value) {
		if (value == null) return "nothing";
		if (value instanceof Map) return "a mapping";
		if (value instanceof List) return "a list";
		return value.getClass().getSimpleName().toLowerCase() + " \"" + value + "\"";
	}
}

package org.mambaj.io;

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
		List<Integer> ints = new ArrayList<>();
		List<?> list = list(value, path);
		for (int i = 0; i < list.size(); i++) {
			Object item = list.get(i);
			if (!(item instanceof Integer)) throw error(path + "[" + i + "]", "expected an integer, found " +
				describe(item));
			ints.add((Integer) item);
		}
		return Collections.unmodifiableList(ints);
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

package org.mambaj.io;

import java.util.Map;

/** One pre- or post-processing operation of a tensor, e.g. {@code scale_range} with its {@code kwargs}. */
public record ProcessingStep(String name, Map<String, Object> kwargs) {

	/** The kwarg {@code key} as a double, or {@code fallback} when absent. */
	public double doubleArg(String key, double fallback) {
		Object value = kwargs.get(key);
		return value instanceof Number ? ((Number) value).doubleValue() : fallback;
	}

	/** The kwarg {@code key} as a string, or {@code fallback} when absent. */
	public String stringArg(String key, String fallback) {
		Object value = kwargs.get(key);
		return value == null ? fallback : value.toString();
	}
}

package org.mambaj.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Strict JSON (RFC 8259) for safetensors headers, read with Jackson's streaming parser into {@code Map} (insertion
 * ordered), {@code List}, {@code String}, {@code Long} (integers that fit; larger ones are {@code BigInteger}),
 * {@code Double}, {@code Boolean} and {@code null}. Duplicate keys are refused (they would make a file ambiguous),
 * as are trailing content, comments and nesting deeper than any real header.
 */
final class JsonTree {

	private static final int MAX_DEPTH = 64;
	private static final JsonFactory FACTORY = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(100).build())
		.enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private JsonTree() {}

	/** The JSON header {@code text} of a weights file; {@code file} names it in error messages. */
	static Object parse(String text, String file) throws WeightsFormatException {
		return parse(text, file, "JSON header");
	}

	/** The JSON document {@code text}; errors say "invalid {@code what}" and name {@code file}. */
	static Object parse(String text, String file, String what) throws WeightsFormatException {
		try (JsonParser p = FACTORY.createParser(text)) {
			if (p.nextToken() == null) throw new WeightsFormatException(file + ": invalid " + what + ": empty");
			Object value = value(p);
			boolean more;
			try {
				more = p.nextToken() != null;
			}
			catch (JsonProcessingException e) {
				more = true; // not even a token: still content after the value
			}
			if (more) throw new WeightsFormatException(file + ": invalid " + what + ": unexpected content after the " +
				"JSON value at " + location(p));
			return value;
		}
		catch (JsonProcessingException e) {
			throw new WeightsFormatException(file + ": invalid " + what + ": " + e.getOriginalMessage() + " at " +
				location(e), e);
		}
		catch (IOException e) {
			throw new WeightsFormatException(file + ": invalid " + what + ": " + e.getMessage(), e);
		}
	}

	private static Object value(JsonParser p) throws IOException {
		JsonToken t = p.currentToken();
		return switch (t) {
			case START_OBJECT -> {
				Map<String, Object> map = new LinkedHashMap<>();
				while (p.nextToken() == JsonToken.FIELD_NAME) {
					String key = p.currentName();
					p.nextToken();
					map.put(key, value(p));
				}
				yield map;
			}
			case START_ARRAY -> {
				List<Object> list = new ArrayList<>();
				while (p.nextToken() != JsonToken.END_ARRAY) list.add(value(p));
				yield list;
			}
			case VALUE_STRING -> p.getText();
			case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
			case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + t);
		};
	}

	private static String location(JsonParser p) {
		return "character " + (p.currentLocation().getCharOffset() + 1);
	}

	private static String location(JsonProcessingException e) {
		return e.getLocation() == null ? "?" : "character " + (e.getLocation().getCharOffset() + 1);
	}
}

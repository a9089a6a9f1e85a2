package org.mambaj.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and fully validated JSON header of a safetensors file: every tensor's dtype, shape and byte range
 * is checked against the size of the data region before any tensor is read.
 */
final class SafeTensorsHeader {

	static final String METADATA_KEY = "__metadata__";
	/** Published Mamba models have hundreds to a few thousand tensors. */
	static final int MAX_TENSORS = 20_000;

	/** One tensor's description; offsets are relative to the first byte after the header. */
	record Entry(String name, SafeTensorsDtype dtype, int[] shape, long begin, long end) {
		int numel() {
			return (int) checkedNumel(shape);
		}
	}

	final List<Entry> entries;
	final Map<String, String> metadata;

	private SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata) {
		this.entries = entries;
		this.metadata = metadata;
	}

	/**
	 * Parses {@code headerBytes}; {@code dataSize} is the number of bytes after the header, so that offsets can be
	 * checked against the file. {@code file} names the file in messages.
	 */
	static SafeTensorsHeader parse(byte[] headerBytes, long dataSize, String file) throws WeightsFormatException {
		// each tensor is one JSON object: count them before parsing, so a header of a million empty tensors is
		// refused in milliseconds rather than after building all of them
		int objects = 0;
		for (byte b : headerBytes) if (b == '{') objects++;
		if (objects > MAX_TENSORS + 2) throw new WeightsFormatException(file + ": header holds " + objects +
			" objects, more than the " + MAX_TENSORS + " tensors MambaJ accepts (not a model's weights?)");
		Object root = JsonTree.parse(decodeUtf8(headerBytes, file), file);
		if (!(root instanceof Map)) throw new WeightsFormatException(file + ": header must be a JSON object, found " +
			kind(root));
		@SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) root;
		if (map.size() > MAX_TENSORS + 1) throw new WeightsFormatException(file + ": header lists " + map.size() +
			" tensors, more than the " + MAX_TENSORS + " tensors MambaJ accepts (not a model's weights?)");
		Map<String, String> metadata = Collections.emptyMap();
		List<Entry> entries = new ArrayList<>();
		for (Map.Entry<String, Object> e : map.entrySet()) {
			if (e.getKey().equals(METADATA_KEY)) metadata = parseMetadata(e.getValue(), file);
			else entries.add(parseEntry(e.getKey(), e.getValue(), dataSize, file));
		}
		checkNoOverlap(entries, file);
		return new SafeTensorsHeader(Collections.unmodifiableList(entries), metadata);
	}

	private static String decodeUtf8(byte[] bytes, String file) throws WeightsFormatException {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes)).toString();
		} catch (CharacterCodingException e) {
			throw new WeightsFormatException(file + ": header is not valid UTF-8 (not a safetensors file?)", e);
		}
	}

	private static Map<String, String> parseMetadata(Object value, String file) throws WeightsFormatException {
		if (!(value instanceof Map)) throw new WeightsFormatException(file + ": \"" + METADATA_KEY +
			"\" must be an object of strings, found " + kind(value));
		Map<String, String> metadata = new LinkedHashMap<>();
		for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
			if (!(e.getValue() instanceof String)) throw new WeightsFormatException(file + ": \"" + METADATA_KEY +
				"\" value for \"" + e.getKey() + "\" must be a string, found " + kind(e.getValue()));
			metadata.put((String) e.getKey(), (String) e.getValue());
		}
		return Collections.unmodifiableMap(metadata);
	}

	private static Entry parseEntry(String name, Object value, long dataSize, String file)
		throws WeightsFormatException {
		String where = file + ": tensor \"" + name + "\"";
		if (!(value instanceof Map)) throw new WeightsFormatException(where + ": expected an object with dtype, " +
			"shape and data_offsets, found " + kind(value));
		Map<?, ?> fields = (Map<?, ?>) value;
		for (Object key : fields.keySet()) {
			if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets"))
				throw new WeightsFormatException(where + ": unknown field \"" + key + "\"");
		}
		Object dtypeValue = require(fields, "dtype", where);
		if (!(dtypeValue instanceof String)) throw new WeightsFormatException(where + ": dtype must be a string, " +
			"found " + kind(dtypeValue));
		SafeTensorsDtype dtype = SafeTensorsDtype.byName((String) dtypeValue);
		if (dtype == null) throw new WeightsFormatException(where + ": unsupported dtype \"" + dtypeValue +
			"\" (supported: " + SafeTensorsDtype.supportedNames() + ")");

		List<?> shapeList = requireList(fields, "shape", where);
		int[] shape = new int[shapeList.size()];
		for (int i = 0; i < shape.length; i++) {
			long dim = integer(shapeList.get(i), where + ": shape[" + i + "]");
			if (dim < 0) throw new WeightsFormatException(where + ": negative dimension " + dim + " in shape " +
				shapeList);
			if (dim > Integer.MAX_VALUE) throw new WeightsFormatException(where + ": dimension " + dim +
				" in shape " + shapeList + " is too large");
			shape[i] = (int) dim;
		}
		long numel = checkedNumel(shape);
		if (numel < 0 || numel > Integer.MAX_VALUE - 8) throw new WeightsFormatException(where + ": shape " + shapeList +
			" has " + (numel < 0 ? "too many" : numel) + " elements, more than a Java array can hold");

		List<?> offsets = requireList(fields, "data_offsets", where);
		if (offsets.size() != 2) throw new WeightsFormatException(where + ": data_offsets must be [begin, end], " +
			"found " + offsets);
		long begin = integer(offsets.get(0), where + ": data_offsets[0]");
		long end = integer(offsets.get(1), where + ": data_offsets[1]");
		if (begin < 0 || end < 0) throw new WeightsFormatException(where + ": negative data_offsets " + offsets);
		if (end < begin) throw new WeightsFormatException(where + ": data_offsets end " + end +
			" is before begin " + begin);
		if (end > dataSize) throw new WeightsFormatException(where + ": data_offsets " + offsets +
			" reach past the end of the data (" + dataSize + " bytes after the header); the file is truncated " +
			"or the header is wrong");
		long expected = numel * dtype.bytes;
		if (end - begin != expected) throw new WeightsFormatException(where + ": data_offsets " + offsets +
			" span " + (end - begin) + " bytes but shape " + Arrays.toString(shape) + " of " + dtype + " needs " +
			expected + " bytes");
		return new Entry(name, dtype, shape, begin, end);
	}

	private static void checkNoOverlap(List<Entry> entries, String file) throws WeightsFormatException {
		List<Entry> sorted = new ArrayList<>(entries);
		sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
		for (int i = 1; i < sorted.size(); i++) {
			Entry previous = sorted.get(i - 1), current = sorted.get(i);
			// Empty tensors occupy no bytes and may share an offset with anything.
			if (current.begin() == current.end() || previous.begin() == previous.end()) continue;
			if (current.begin() < previous.end()) throw new WeightsFormatException(file + ": tensors \"" +
				previous.name() + "\" [" + previous.begin() + ", " + previous.end() + ") and \"" + current.name() +
				"\" [" + current.begin() + ", " + current.end() + ") overlap");
		}
	}

	private static Object require(Map<?, ?> fields, String key, String where) throws WeightsFormatException {
		if (!fields.containsKey(key)) throw new WeightsFormatException(where + ": missing \"" + key + "\"");
		return fields.get(key);
	}

	private static List<?> requireList(Map<?, ?> fields, String key, String where) throws WeightsFormatException {
		Object value = require(fields, key, where);
		if (!(value instanceof List)) throw new WeightsFormatException(where + ": " + key + " must be an array, " +
			"found " + kind(value));
		return (List<?>) value;
	}

	private static long integer(Object value, String where) throws WeightsFormatException {
		if (!(value instanceof Long)) throw new WeightsFormatException(where + " must be an integer, found " +
			(value instanceof Double ? value : kind(value)));
		return (Long) value;
	}

	/** Element count that reports overflow as -1 instead of wrapping. */
	static long checkedNumel(int[] shape) {
		long n = 1;
		for (int d : shape) {
			if (d != 0 && n > Long.MAX_VALUE / d) return -1;
			n *= d;
		}
		return n;
	}

	static String kind(Object value) {
		if (value == null) return "null";
		if (value instanceof Map) return "an object";
		if (value instanceof List) return "an array";
		if (value instanceof String) return "the string \"" + value + "\"";
		return value.getClass().getSimpleName().toLowerCase() + " " + value;
	}
}

package org.mambaj.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python literal subset used in {@code .npy} headers: dicts, tuples, lists, quoted strings, integers
 * (with an optional Python 2 {@code L} suffix), True, False and None. Tuples and lists both become {@code List},
 * integers {@code Long}. It evaluates nothing: anything else is an error.
 */
final class PythonLiteralParser {

	private static final int MAX_DEPTH = 32;

	private final String text;
	private final String source;
	private int pos;
	private int depth;

	private PythonLiteralParser(String text, String source) {
		this.text = text;
		this.source = source;
	}

	static Object parse(String text, String source) throws WeightsFormatException {
		PythonLiteralParser parser = new PythonLiteralParser(text, source);
		parser.skipWhitespace();
		Object value = parser.readValue();
		parser.skipWhitespace();
		if (parser.pos != text.length()) throw parser.error("unexpected content after the header dictionary");
		return value;
	}

	private Object readValue() throws WeightsFormatException {
		char c = peek();
		if (c == '{') return readDict();
		if (c == '(') return readSequence('(', ')');
		if (c == '[') return readSequence('[', ']');
		if (c == '\'' || c == '"') return readString();
		if (c == '-' || Character.isDigit(c)) return readInteger();
		if (Character.isLetter(c)) return readWord();
		throw error(pos >= text.length() ? "unexpected end of header" : "unexpected character '" + c + "'");
	}

	private Map<Object, Object> readDict() throws WeightsFormatException {
		enter();
		pos++;
		Map<Object, Object> map = new LinkedHashMap<>();
		while (true) {
			skipWhitespace();
			if (peek() == '}') { pos++; depth--; return map; }
			Object key = readValue();
			skipWhitespace();
			if (peek() != ':') throw error("expected ':' in dictionary");
			pos++;
			skipWhitespace();
			Object value = readValue();
			if (map.containsKey(key)) throw error("duplicate key " + key);
			map.put(key, value);
			skipWhitespace();
			if (peek() == ',') pos++;
			else if (peek() != '}') throw error("expected ',' or '}' in dictionary");
		}
	}

	private List<Object> readSequence(char open, char close) throws WeightsFormatException {
		enter();
		pos++;
		List<Object> list = new ArrayList<>();
		while (true) {
			skipWhitespace();
			if (peek() == close) { pos++; depth--; return list; }
			list.add(readValue());
			skipWhitespace();
			if (peek() == ',') pos++;
			else if (peek() != close) throw error("expected ',' or '" + close + "' after element " + list.size());
		}
	}

	private String readString() throws WeightsFormatException {
		char quote = text.charAt(pos++);
		StringBuilder sb = new StringBuilder();
		while (true) {
			if (pos >= text.length()) throw error("unterminated string");
			char c = text.charAt(pos++);
			if (c == quote) return sb.toString();
			if (c == '\\') throw error("escape sequences are not supported in header strings");
			sb.append(c);
		}
	}

	private Long readInteger() throws WeightsFormatException {
		int start = pos;
		if (peek() == '-') pos++;
		while (Character.isDigit(peek())) pos++;
		String digits = text.substring(start, pos);
		if (peek() == 'L' || peek() == 'l') pos++;
		try {
			return Long.parseLong(digits);
		} catch (NumberFormatException e) {
			throw error("invalid integer \"" + digits + "\"");
		}
	}

	private Object readWord() throws WeightsFormatException {
		int start = pos;
		while (Character.isLetterOrDigit(peek()) || peek() == '_') pos++;
		String word = text.substring(start, pos);
		switch (word) {
			case "True": return Boolean.TRUE;
			case "False": return Boolean.FALSE;
			case "None": return null;
			default: pos = start; throw error("unsupported name \"" + word + "\"");
		}
	}

	private void enter() throws WeightsFormatException {
		if (++depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
	}

	private char peek() {
		return pos < text.length() ? text.charAt(pos) : 0;
	}

	private void skipWhitespace() {
		while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
	}

	private WeightsFormatException error(String what) {
		return new WeightsFormatException(source + ": invalid .npy header: " + what + " at character " + pos +
			" of \"" + abbreviate(text.strip()) + "\"");
	}

	private static String abbreviate(String s) {
		return s.length() <= 200 ? s : s.substring(0, 200) + "...";
	}
}

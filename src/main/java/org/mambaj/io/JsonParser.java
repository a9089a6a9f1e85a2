package org.mambaj.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser (RFC 8259) for safetensors headers. Written here rather than using YAML so that garbage is
 * rejected with the offending position instead of being read as a YAML scalar. Produces {@code Map} (insertion
 * ordered), {@code List}, {@code String}, {@code Long} (integers that fit), {@code Double}, {@code Boolean} and
 * {@code null}. Duplicate object keys are rejected because they would make the file ambiguous.
 */
final class JsonParser {

	/** Deep enough for any real header, shallow enough that hostile input cannot overflow the stack. */
	private static final int MAX_DEPTH = 64;

	private final String text;
	private final String source;
	private int pos;
	private int depth;

	private JsonParser(String text, String source) {
		this.text = text;
		this.source = source;
	}

	/** Parses a complete JSON document; {@code source} names the file in error messages. */
	static Object parse(String text, String source) throws WeightsFormatException {
		JsonParser parser = new JsonParser(text, source);
		parser.skipWhitespace();
		Object value = parser.readValue();
		parser.skipWhitespace();
		if (parser.pos != text.length()) throw parser.error("unexpected content after the JSON value");
		return value;
	}

	private Object readValue() throws WeightsFormatException {
		if (pos >= text.length()) throw error("unexpected end of JSON");
		char c = text.charAt(pos);
		switch (c) {
			case '{': return readObject();
			case '[': return readArray();
			case '"': return readString();
			case 't': expectWord("true"); return Boolean.TRUE;
			case 'f': expectWord("false"); return Boolean.FALSE;
			case 'n': expectWord("null"); return null;
			default:
				if (c == '-' || (c >= '0' && c <= '9')) return readNumber();
				throw error("unexpected character " + describe(c));
		}
	}

	private Map<String, Object> readObject() throws WeightsFormatException {
		enter();
		pos++; // '{'
		Map<String, Object> map = new LinkedHashMap<>();
		skipWhitespace();
		if (peek() == '}') { pos++; depth--; return map; }
		while (true) {
			skipWhitespace();
			if (peek() != '"') throw error("expected a string key");
			int keyPos = pos;
			String key = readString();
			skipWhitespace();
			expect(':');
			skipWhitespace();
			Object value = readValue();
			if (map.containsKey(key)) {
				pos = keyPos;
				throw error("duplicate key \"" + key + "\"");
			}
			map.put(key, value);
			skipWhitespace();
			char c = peek();
			if (c == ',') { pos++; continue; }
			if (c == '}') { pos++; depth--; return map; }
			throw error("expected ',' or '}' in object");
		}
	}

	private List<Object> readArray() throws WeightsFormatException {
		enter();
		pos++; // '['
		List<Object> list = new ArrayList<>();
		skipWhitespace();
		if (peek() == ']') { pos++; depth--; return list; }
		while (true) {
			skipWhitespace();
			list.add(readValue());
			skipWhitespace();
			char c = peek();
			if (c == ',') { pos++; continue; }
			if (c == ']') { pos++; depth--; return list; }
			throw error("expected ',' or ']' in array");
		}
	}

	private String readString() throws WeightsFormatException {
		pos++; // opening quote
		StringBuilder sb = new StringBuilder();
		while (true) {
			if (pos >= text.length()) throw error("unterminated string");
			char c = text.charAt(pos++);
			if (c == '"') return sb.toString();
			if (c < 0x20) { pos--; throw error("control character " + describe(c) + " inside a string"); }
			if (c != '\\') { sb.append(c); continue; }
			if (pos >= text.length()) throw error("unterminated escape");
			char e = text.charAt(pos++);
			switch (e) {
				case '"': sb.append('"'); break;
				case '\\': sb.append('\\'); break;
				case '/': sb.append('/'); break;
				case 'b': sb.append('\b'); break;
				case 'f': sb.append('\f'); break;
				case 'n': sb.append('\n'); break;
				case 'r': sb.append('\r'); break;
				case 't': sb.append('\t'); break;
				case 'u': sb.append(readHex4()); break;
				default: pos--; throw error("invalid escape \\" + e);
			}
		}
	}

	private char readHex4() throws WeightsFormatException {
		if (pos + 4 > text.length()) throw error("truncated \\u escape");
		int value = 0;
		for (int i = 0; i < 4; i++) {
			int digit = Character.digit(text.charAt(pos + i), 16);
			if (digit < 0) throw error("invalid \\u escape");
			value = value * 16 + digit;
		}
		pos += 4;
		return (char) value;
	}

	private Object readNumber() throws WeightsFormatException {
		int start = pos;
		if (peek() == '-') pos++;
		if (peek() == '0') pos++;
		else if (isDigit(peek())) while (isDigit(peek())) pos++;
		else throw error("invalid number");
		boolean integral = true;
		if (peek() == '.') {
			integral = false;
			pos++;
			if (!isDigit(peek())) throw error("invalid number: digit expected after '.'");
			while (isDigit(peek())) pos++;
		}
		if (peek() == 'e' || peek() == 'E') {
			integral = false;
			pos++;
			if (peek() == '+' || peek() == '-') pos++;
			if (!isDigit(peek())) throw error("invalid number: digit expected in exponent");
			while (isDigit(peek())) pos++;
		}
		String literal = text.substring(start, pos);
		if (integral) {
			try {
				return Long.parseLong(literal);
			} catch (NumberFormatException tooLarge) {
				// Out of long range: keep it as a double; callers asking for an integer reject it.
			}
		}
		return Double.parseDouble(literal);
	}

	private void expectWord(String word) throws WeightsFormatException {
		if (!text.startsWith(word, pos)) throw error("invalid literal, expected " + word);
		pos += word.length();
	}

	private void expect(char c) throws WeightsFormatException {
		if (peek() != c) throw error("expected '" + c + "'");
		pos++;
	}

	private void enter() throws WeightsFormatException {
		if (++depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
	}

	/** The character at the cursor, or 0 at the end (never a valid JSON token start). */
	private char peek() {
		return pos < text.length() ? text.charAt(pos) : 0;
	}

	private void skipWhitespace() {
		while (pos < text.length()) {
			char c = text.charAt(pos);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
			pos++;
		}
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static String describe(char c) {
		return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
	}

	private WeightsFormatException error(String what) {
		int from = Math.max(0, pos - 20);
		int to = Math.min(text.length(), pos + 20);
		String context = text.substring(from, to).replaceAll("[\\p{Cntrl}]", "?");
		return new WeightsFormatException(source + ": invalid JSON header: " + what + " at character " + pos +
			" (near \"" + context + "\")");
	}
}

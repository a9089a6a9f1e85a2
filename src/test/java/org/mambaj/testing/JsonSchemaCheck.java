package org.mambaj.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks a YAML/JSON value tree against a JSON Schema (draft 2020-12), for the keywords pydantic's generated schemas
 * use: $ref (local), type, properties, required, additionalProperties, items, prefixItems, minItems, maxItems, anyOf,
 * oneOf (with its discriminator, when the value names a mapped alternative), allOf, const, enum, pattern, minLength,
 * maxLength, minimum, maximum, exclusiveMinimum, exclusiveMaximum. {@code format} and {@code default} are
 * annotations here. Test code only: it lets the tests
 * hold packages to the bioimage.io spec's own schema.
 */
public final class JsonSchemaCheck {

	private final Map<?, ?> root;

	public JsonSchemaCheck(Map<?, ?> root) {
		this.root = root;
	}

	/** The problems of {@code value}, each "path: problem"; empty when it is valid. */
	public List<String> problems(Object value) {
		List<String> out = new ArrayList<>();
		check(value, root, "", out);
		return out;
	}

	private void check(Object value, Object schemaValue, String path, List<String> out) {
		if (schemaValue instanceof Boolean b) {
			if (!b) out.add(path + ": not allowed");
			return;
		}
		Map<?, ?> schema = (Map<?, ?>) schemaValue;
		if (schema.get("$ref") instanceof String ref) check(value, resolve(ref), path, out);
		if (schema.containsKey("type") && !typeMatches(value, schema.get("type"))) {
			out.add(path + ": expected " + schema.get("type") + ", found " + describe(value));
			return;
		}
		if (schema.containsKey("const") && !same(schema.get("const"), value))
			out.add(path + ": expected " + schema.get("const") + ", found " + value);
		if (schema.get("enum") instanceof List<?> allowed && allowed.stream().noneMatch(a -> same(a, value)))
			out.add(path + ": " + value + " is not one of the " + allowed.size() + " allowed values");
		if (value instanceof String s) strings(s, schema, path, out);
		if (value instanceof Number n && !(value instanceof Boolean)) numbers(n.doubleValue(), schema, path, out);
		if (value instanceof List<?> list) lists(list, schema, path, out);
		if (value instanceof Map<?, ?> map) objects(map, schema, path, out);
		if (schema.get("allOf") instanceof List<?> all) for (Object s : all) check(value, s, path, out);
		if (schema.get("anyOf") instanceof List<?> any) alternatives(value, any, path, out, false);
		if (schema.get("oneOf") instanceof List<?> one) {
			Object chosen = discriminated(schema, value);
			if (chosen != null) check(value, chosen, path, out);
			else alternatives(value, one, path, out, true);
		}
	}

	/** The alternative a discriminator (e.g. an axis' "type") picks, for precise messages; null when none. */
	private Object discriminated(Map<?, ?> schema, Object value) {
		if (!(schema.get("discriminator") instanceof Map<?, ?> d) || !(value instanceof Map<?, ?> m)) return null;
		Object key = m.get(d.get("propertyName"));
		Object target = d.get("mapping") instanceof Map<?, ?> mapping && key != null ? mapping.get(key) : null;
		return target instanceof String ref ? Map.of("$ref", ref) : target;
	}

	private void alternatives(Object value, List<?> options, String path, List<String> out, boolean exactlyOne) {
		List<String> best = null;
		int passing = 0;
		for (Object option : options) {
			List<String> problems = new ArrayList<>();
			check(value, option, path, problems);
			if (problems.isEmpty()) passing++;
			else if (best == null || problems.size() < best.size()) best = problems;
		}
		if (passing == 0) {
			out.add(path + ": matches none of the " + options.size() + " alternatives; closest: " + best);
		} else if (exactlyOne && passing > 1) {
			out.add(path + ": matches " + passing + " alternatives of a oneOf");
		}
	}

	private void strings(String s, Map<?, ?> schema, String path, List<String> out) {
		int length = s.codePointCount(0, s.length());
		if (schema.get("minLength") instanceof Number n && length < n.intValue())
			out.add(path + ": shorter than " + n + " characters: \"" + s + "\"");
		if (schema.get("maxLength") instanceof Number n && length > n.intValue())
			out.add(path + ": longer than " + n + " characters");
		if (schema.get("pattern") instanceof String p && !Pattern.compile(p).matcher(s).find())
			out.add(path + ": \"" + s + "\" does not match " + p);
	}

	private static void numbers(double v, Map<?, ?> schema, String path, List<String> out) {
		if (schema.get("minimum") instanceof Number n && v < n.doubleValue()) out.add(path + ": " + v + " < " + n);
		if (schema.get("maximum") instanceof Number n && v > n.doubleValue()) out.add(path + ": " + v + " > " + n);
		if (schema.get("exclusiveMinimum") instanceof Number n && v <= n.doubleValue()) out.add(path + ": " + v + " <= " + n);
		if (schema.get("exclusiveMaximum") instanceof Number n && v >= n.doubleValue()) out.add(path + ": " + v + " >= " + n);
	}

	private void lists(List<?> list, Map<?, ?> schema, String path, List<String> out) {
		if (schema.get("minItems") instanceof Number n && list.size() < n.intValue())
			out.add(path + ": fewer than " + n + " items");
		if (schema.get("maxItems") instanceof Number n && list.size() > n.intValue())
			out.add(path + ": more than " + n + " items");
		int prefix = 0;
		if (schema.get("prefixItems") instanceof List<?> p) {
			prefix = p.size();
			for (int i = 0; i < Math.min(prefix, list.size()); i++) check(list.get(i), p.get(i), path + "[" + i + "]", out);
		}
		if (schema.containsKey("items"))
			for (int i = prefix; i < list.size(); i++) check(list.get(i), schema.get("items"), path + "[" + i + "]", out);
	}

	private void objects(Map<?, ?> map, Map<?, ?> schema, String path, List<String> out) {
		Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> p ? p : Map.of();
		if (schema.get("required") instanceof List<?> required)
			for (Object key : required) if (!map.containsKey(key)) out.add(path + "." + key + ": required field is missing");
		for (Map.Entry<?, ?> e : map.entrySet()) {
			String child = path + "." + e.getKey();
			if (properties.containsKey(e.getKey())) check(e.getValue(), properties.get(e.getKey()), child, out);
			else if (schema.containsKey("additionalProperties")) check(e.getValue(), schema.get("additionalProperties"), child, out);
		}
	}

	private Object resolve(String ref) {
		if (!ref.startsWith("#/")) throw new IllegalArgumentException("only local $refs are supported: " + ref);
		Object node = root;
		for (String part : ref.substring(2).split("/")) node = ((Map<?, ?>) node).get(part);
		return Objects.requireNonNull(node, ref);
	}

	private static boolean typeMatches(Object value, Object type) {
		if (type instanceof List<?> types) return types.stream().anyMatch(t -> typeMatches(value, t));
		return switch ((String) type) {
			case "null" -> value == null;
			case "string" -> value instanceof String;
			case "boolean" -> value instanceof Boolean;
			case "integer" -> value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger;
			case "number" -> value instanceof Number;
			case "array" -> value instanceof List;
			case "object" -> value instanceof Map;
			default -> throw new IllegalArgumentException("unknown JSON type " + type);
		};
	}

	/** JSON equality: 1 and 1.0 are the same number. */
	private static boolean same(Object a, Object b) {
		if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
		return Objects.equals(a, b);
	}

	private static String describe(Object value) {
		return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
	}
}

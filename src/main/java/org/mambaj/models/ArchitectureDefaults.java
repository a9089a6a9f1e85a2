package org.mambaj.models;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The per-architecture defaults in {@code architecture-defaults.json}: the published constructor arguments, the
 * input's channel key and size multiple, and a converted package's task and processing. The Python reference
 * ({@code training/mambaj_ref/__init__.py}) reads the same file, so a config that leaves a key out means the same
 * network on both sides.
 */
public final class ArchitectureDefaults {

	private static final Map<String, Map<String, Object>> ALL = load();

	private ArchitectureDefaults() {}

	/** The defaults of {@code architecture}, or an empty map for one without any (blocks such as "mamba"). */
	public static Map<String, Object> of(String architecture) {
		Map<String, Object> d = ALL.get(architecture);
		return d == null ? Map.of() : d;
	}

	/** The published config of {@code architecture} with {@code overrides} on top. */
	public static Map<String, Object> config(String architecture, Map<String, ?> overrides) {
		Map<String, Object> merged = new LinkedHashMap<>();
		if (of(architecture).get("config") instanceof Map<?, ?> published)
			published.forEach((k, v) -> merged.put(String.valueOf(k), v));
		if (overrides != null) merged.putAll(overrides);
		return merged;
	}

	public static String channelsKey(String architecture) {
		return (String) require(architecture, "channels_key");
	}

	public static int sizeMultiple(String architecture) {
		return ((Number) require(architecture, "size_multiple")).intValue();
	}

	public static String task(String architecture) {
		return (String) require(architecture, "task");
	}

	/** A list of {@code {"name": ..., "kwargs": {...}}} maps, as rdf.yaml holds them. */
	public static List<?> processing(String architecture, String which) {
		return (List<?>) require(architecture, which);
	}

	private static Object require(String architecture, String key) {
		Object v = of(architecture).get(key);
		if (v == null) throw new IllegalArgumentException("architecture '" + architecture + "' has no packaging " +
			"defaults (" + key + "); known: " + ALL.keySet());
		return v;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> load() {
		try (InputStream in = ArchitectureDefaults.class.getResourceAsStream("architecture-defaults.json")) {
			Map<String, Object> json = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
			Map<String, Map<String, Object>> out = new LinkedHashMap<>();
			json.forEach((k, v) -> { if (!k.startsWith("_")) out.put(k, (Map<String, Object>) v); });
			return Map.copyOf(out);
		} catch (IOException | RuntimeException e) {
			throw new ExceptionInInitializerError("architecture-defaults.json is missing or broken in the jar: " + e);
		}
	}
}

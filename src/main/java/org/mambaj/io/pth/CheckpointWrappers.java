package org.mambaj.io.pth;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mambaj.core.Tensor;
import org.mambaj.io.WeightsFormatException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Finds the state dict inside a published checkpoint: {@code {"params_ema": sd}} (BasicSR, MambaIR),
 * {@code {"state_dict": sd}}, {@code {"network_weights": sd}} (nnU-Net), ... and removes DataParallel's
 * {@code module.} prefix. The list lives in {@code checkpoint-wrappers.json}, which
 * {@code training/checkpoint_wrappers.py} reads too, so Java and Python unwrap identically.
 */
public final class CheckpointWrappers {

	public static final List<String> WRAPPER_KEYS;
	public static final List<String> KEY_PREFIXES;

	static {
		try (InputStream in = CheckpointWrappers.class.getResourceAsStream("checkpoint-wrappers.json")) {
			Map<?, ?> json = (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
			WRAPPER_KEYS = strings(json.get("wrapper_keys"));
			KEY_PREFIXES = strings(json.get("key_prefixes"));
		} catch (IOException | RuntimeException e) {
			throw new ExceptionInInitializerError("checkpoint-wrappers.json is missing or broken in the jar: " + e);
		}
	}

	private CheckpointWrappers() {}

	/** The flat name -> tensor map inside {@code tree}; {@code source} names the file in errors. */
	public static Map<String, Tensor> stateDict(Object tree, String source) throws WeightsFormatException {
		Object node = tree;
		String path = "";
		while (true) {
			if (!(node instanceof Map<?, ?> map)) throw new WeightsFormatException(source + ": " +
				(path.isEmpty() ? "the checkpoint" : "'" + path + "'") + " is not a dict of tensors");
			if (!map.isEmpty() && map.values().stream().allMatch(v -> v instanceof Tensor)) {
				Map<Object, Tensor> tensors = new LinkedHashMap<>();
				map.forEach((k, v) -> tensors.put(k, (Tensor) v));
				return stripPrefixes(tensors);
			}
			String wrapper = WRAPPER_KEYS.stream().filter(k -> map.get(k) instanceof Map).findFirst().orElse(null);
			if (wrapper == null) throw noStateDict(map, path, source);
			node = map.get(wrapper);
			path = path.isEmpty() ? wrapper : path + "." + wrapper;
		}
	}

	/** Removes each of {@link #KEY_PREFIXES} that every key has. */
	public static <T> Map<String, T> stripPrefixes(Map<?, T> tensors) {
		Map<String, T> out = new LinkedHashMap<>();
		for (Map.Entry<?, T> e : tensors.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
		for (String prefix : KEY_PREFIXES) {
			if (out.isEmpty() || !out.keySet().stream().allMatch(k -> k.startsWith(prefix))) continue;
			Map<String, T> stripped = new LinkedHashMap<>();
			out.forEach((k, v) -> stripped.put(k.substring(prefix.length()), v));
			out = stripped;
		}
		return out;
	}

	private static WeightsFormatException noStateDict(Map<?, ?> map, String path, String source) {
		List<String> notTensors = new ArrayList<>();
		for (Map.Entry<?, ?> e : map.entrySet()) if (!(e.getValue() instanceof Tensor)) notTensors.add(String.valueOf(e.getKey()));
		String where = path.isEmpty() ? "the checkpoint" : "'" + path + "'";
		if (map.isEmpty()) return new WeightsFormatException(source + ": " + where + " is an empty dict, no weights");
		return new WeightsFormatException(source + ": " + where + " holds no state dict: keys " +
			abbreviate(new ArrayList<>(map.keySet().stream().map(String::valueOf).toList())) + " (not tensors: " +
			abbreviate(notTensors) + "); a state dict is a dict of tensors, possibly wrapped under one of " + WRAPPER_KEYS);
	}

	private static String abbreviate(List<String> keys) {
		return keys.size() <= 10 ? keys.toString() : keys.subList(0, 10) + "... (" + keys.size() + " in all)";
	}

	private static List<String> strings(Object list) {
		List<String> out = new ArrayList<>();
		for (Object o : (List<?>) list) out.add((String) o);
		return List.copyOf(out);
	}
}

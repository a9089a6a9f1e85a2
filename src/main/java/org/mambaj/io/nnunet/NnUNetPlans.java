package org.mambaj.io.nnunet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plans.json: the configurations (resolving {@code inherits_from} as nnU-Net's PlansManager does: the child's
 * keys over its parent's, cycles refused), {@code transpose_forward} and the per-channel foreground intensity
 * properties. Both layouts are read: before nnU-Net 2.4 a configuration lists {@code UNet_base_num_features},
 * {@code conv_kernel_sizes}, ...; from 2.4 on it has {@code architecture.arch_kwargs}.
 */
public final class NnUNetPlans {

	private final Map<String, Object> plans;
	private final Path file;

	public NnUNetPlans(Map<String, Object> plans, Path file) {
		this.plans = plans;
		this.file = file;
		if (!(plans.get("configurations") instanceof Map<?, ?> c) || c.isEmpty())
			throw new IllegalArgumentException(file + ": no 'configurations'");
	}

	public Path file() {
		return file;
	}

	/** The plans' dataset_name, else the name of the folder above the results folder. */
	public String datasetName() {
		if (plans.get("dataset_name") instanceof String s) return s;
		Path dataset = file.toAbsolutePath().getParent().getParent();
		return dataset != null && dataset.getFileName() != null ? dataset.getFileName().toString() : "nnunet";
	}

	public List<String> configurationNames() {
		return ((Map<?, ?>) plans.get("configurations")).keySet().stream().map(String::valueOf).toList();
	}

	/** The configuration with everything it inherits, as one map. */
	public Map<String, Object> configuration(String name) {
		return resolve(name, new ArrayList<>());
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> resolve(String name, List<String> visited) {
		Map<?, ?> all = (Map<?, ?>) plans.get("configurations");
		if (!(all.get(name) instanceof Map<?, ?> own)) throw new IllegalArgumentException(file + ": no configuration '" +
			name + "' (the plans have " + configurationNames() + ")");
		if (visited.contains(name)) throw new IllegalArgumentException(file + ": configurations inherit in a circle: " +
			String.join(" -> ", visited) + " -> " + name);
		visited.add(name);
		Map<String, Object> out = new LinkedHashMap<>();
		if (own.get("inherits_from") != null) out.putAll(resolve(String.valueOf(own.get("inherits_from")), visited));
		out.putAll((Map<String, Object>) own);
		return out;
	}

	public int[] transposeForward() {
		return NnUNetInference.ints(plans, "transpose_forward", file + ": transpose_forward");
	}

	/** Channel {@code c}'s foreground intensity properties (older plans: {@code ..._by_modality}). */
	public Map<?, ?> intensityProperties(int c) {
		Object all = plans.containsKey("foreground_intensity_properties_per_channel") ?
			plans.get("foreground_intensity_properties_per_channel") : plans.get("foreground_intensity_properties_by_modality");
		if (all instanceof Map<?, ?> m && m.get(String.valueOf(c)) instanceof Map<?, ?> p) return p;
		throw new IllegalArgumentException(file + ": foreground_intensity_properties_per_channel has no entry for " +
			"channel " + c + " (CTNormalization needs it)");
	}
}

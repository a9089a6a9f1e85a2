package org.mambaj.io;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The immutable content of a model package's rdf.yaml (see {@link ModelPackage} for the fields). Optional texts are
 * null when absent, optional lists and maps empty. {@code config} is the whole free-form {@code config} map.
 * {@code checkedFiles}: further files with a SHA-256 in rdf.yaml that MambaJ reads (a 0.5 package's test tensors).
 * {@code settings}: {@code config.mambaj} typed and range-checked once, when the rdf.yaml was read.
 */
public record ModelDescriptor(String formatVersion, String name, String description, List<Author> authors,
	String license, String version, List<String> tags, String documentation, Architecture architecture,
	WeightsEntry weights, List<InputSpec> inputs, List<OutputSpec> outputs, List<String> testInputs,
	List<String> testOutputs, List<PackageFile> checkedFiles, Map<String, Object> config, MambajSettings settings) {

	/** {@code config.mambaj}: task, class names, metrics, tile defaults...; empty when absent. */
	@SuppressWarnings("unchecked")
	public Map<String, Object> mambajConfig() {
		Object value = config.get("mambaj");
		return value instanceof Map ? (Map<String, Object>) value : Collections.emptyMap();
	}

	/** {@code config.mambaj.task} ("classification", "segmentation", "denoising"), or null. */
	public String task() {
		return settings.task();
	}
}

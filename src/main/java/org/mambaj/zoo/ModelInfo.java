package org.mambaj.zoo;

import java.nio.file.Path;
import java.util.Map;

/**
 * One model package the registry knows, as its rdf.yaml describes it.
 *
 * @param name the name to ask for it by: its folder's name (e.g. "nuclei")
 * @param title rdf.yaml {@code name}
 * @param task classification, segmentation or denoising
 * @param metrics validation metrics recorded by training (metric -> value)
 * @param origin where it was found: "bundled" (inside MambaJ), "user" (the user models folder) or "path"
 */
public record ModelInfo(String name, String title, String task, String description, Map<String, Object> metrics,
	Path location, String origin) {

	/** One line for listings: name, task, origin and metrics. */
	public String summary() {
		StringBuilder s = new StringBuilder(name).append("\t").append(task).append("\t").append(origin);
		metrics.forEach((k, v) -> s.append("\t").append(k).append("=").append(v));
		return s.toString();
	}
}

package org.mambaj.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mambaj.core.Tensor;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a model package folder in the layout training/package.py writes (weights.safetensors, test_input.npy,
 * test_output.npy, rdf.yaml, README.md), for a checkpoint converted in Java. The caller computes the test output.
 */
public final class PackageWriter {

	/**
	 * What rdf.yaml says about the model besides its weights and test tensors; {@code extraConfig} adds keys to
	 * {@code config.mambaj}.
	 */
	public record Description(String name, String description, List<String> authors, String license,
		String architecture, Map<String, Object> config, String task, int channels, int sizeMultiple,
		List<?> preprocessing, List<?> postprocessing, String provenance, Map<String, Object> extraConfig) {

		/** A description with nothing beyond MambaJ's usual config.mambaj keys. */
		public Description(String name, String description, List<String> authors, String license, String architecture,
			Map<String, Object> config, String task, int channels, int sizeMultiple, List<?> preprocessing,
			List<?> postprocessing, String provenance) {
			this(name, description, authors, license, architecture, config, task, channels, sizeMultiple, preprocessing,
				postprocessing, provenance, Map.of());
		}
	}

	private PackageWriter() {}

	/** Writes the package into the empty or absent folder {@code out}. */
	public static void write(Path out, Description d, Map<String, Tensor> weights, Tensor testInput,
		Tensor testOutput) throws IOException {
		Files.createDirectories(out);
		Path weightsFile = out.resolve("weights.safetensors");
		SafeTensors.write(weightsFile, weights, Map.of("format", "pt", "architecture", d.architecture()));
		Npy.write(out.resolve("test_input.npy"), testInput);
		Npy.write(out.resolve("test_output.npy"), testOutput);
		Files.writeString(out.resolve("rdf.yaml"), rdf(d, Sha256.of(weightsFile)), StandardCharsets.UTF_8);
		Files.writeString(out.resolve("README.md"), "# " + d.name() + "\n\n" + d.description() + "\n\n" +
			"**Not for clinical use.** Research and teaching only.\n\n## Source\n\n" + d.provenance() +
			" Metrics: not measured here.\n", StandardCharsets.UTF_8);
	}

	private static String rdf(Description d, String sha256) {
		int c = d.channels(), m = d.sizeMultiple();
		List<Map<String, Object>> authors = new ArrayList<>();
		for (String a : d.authors()) authors.add(Map.of("name", a));
		Map<String, Object> rdf = new LinkedHashMap<>();
		rdf.put("format_version", "0.4.10");
		rdf.put("type", "model");
		rdf.put("name", d.name());
		rdf.put("description", d.description());
		rdf.put("authors", authors);
		rdf.put("license", d.license());
		rdf.put("version", "1.0.0");
		rdf.put("tags", List.of("mamba", d.task(), d.architecture()));
		rdf.put("documentation", "README.md");
		rdf.put("architecture", map("name", d.architecture(), "config", d.config()));
		rdf.put("weights", map("safetensors", map("source", "weights.safetensors", "sha256", sha256)));
		rdf.put("inputs", List.of(map("name", "input", "axes", "bcyx", "data_type", "float32",
			"shape", map("min", List.of(1, c, m, m), "step", List.of(0, 0, m, m)), "preprocessing", d.preprocessing())));
		rdf.put("outputs", List.of(map("name", "output", "axes", d.task().equals("classification") ? "bc" : "bcyx",
			"data_type", "float32", "postprocessing", d.postprocessing())));
		rdf.put("test_inputs", List.of("test_input.npy"));
		rdf.put("test_outputs", List.of("test_output.npy"));
		Map<String, Object> mambaj = map("task", d.task(), "class_names", List.of(), "metrics", Map.of(),
			"channels", c == 3 ? "rgb" : "grey", "size_multiple", m);
		mambaj.putAll(d.extraConfig()); // e.g. nnunet: how nnU-Net predicts around the network
		rdf.put("config", map("mambaj", mambaj));
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setSplitLines(false);
		return new Yaml(options).dump(rdf);
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
		return m;
	}
}

package org.mambaj.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mambaj.core.Tensor;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a bioimage.io model spec 0.5 package folder in the layout training/package.py writes, for a checkpoint
 * converted in Java: weights.safetensors (an attachment; what MambaJ reads), weights.pt (the same values as
 * {@code torch.save} writes them: the {@code pytorch_state_dict} weights, architecture = the training/mambaj_ref class),
 * test_input.npy (the raw test input), test_output.npy (the network's output for test_input.npy as it is: what
 * {@code mambaj validate} compares, named by {@code config.mambaj.raw_test_outputs}), test_output_bioimageio.npy (the
 * whole pipeline's output: the spec's preprocessing, the network, the spec's postprocessing; what bioimage.io tools
 * compare with), rdf.yaml and README.md. MambaJ's own processing steps (e.g. restore_range) go to
 * {@code config.mambaj}. The caller computes the outputs.
 */
public final class PackageWriter {

	public static final String FORMAT_VERSION = "0.5.7";
	private static final String PIPELINE_OUTPUT = "test_output_bioimageio.npy";
	/**
	 * What rdf.yaml says about the model besides its weights and test tensors; {@code extraConfig} adds keys to
	 * {@code config.mambaj}.
	 */
	public record Description(String name, String description, List<String> authors, String license,
		String architecture, Map<String, Object> config, String task, int channels, int sizeMultiple,
		List<ProcessingStep> preprocessing, List<ProcessingStep> postprocessing, List<?> cite, String provenance,
		Map<String, Object> extraConfig) {

		/** A description with nothing beyond MambaJ's usual config.mambaj keys. */
		public Description(String name, String description, List<String> authors, String license, String architecture,
			Map<String, Object> config, String task, int channels, int sizeMultiple, List<ProcessingStep> preprocessing,
			List<ProcessingStep> postprocessing, List<?> cite, String provenance) {
			this(name, description, authors, license, architecture, config, task, channels, sizeMultiple, preprocessing,
				postprocessing, cite, provenance, Map.of());
		}
	}

	private PackageWriter() {}

	/** The spec's steps of {@code steps}: the ones bioimage.io tools run (MambaJ's own go to config.mambaj). */
	public static List<ProcessingStep> specSteps(List<ProcessingStep> steps) {
		return steps.stream().filter(ProcessingStepYaml::inSpec).toList();
	}

	/** Writes the package into the empty or absent folder {@code out}. */
	public static void write(Path out, Description d, Map<String, Tensor> weights, Tensor testInput, Tensor testOutput,
		Tensor pipelineOutput) throws IOException {
		// the steps first, so that one the reader would not give back as it is is refused before any file exists
		WrittenSteps pre = WrittenSteps.of(d.preprocessing(), "preprocessing", ProcessingStep.Place.INPUT);
		WrittenSteps post = WrittenSteps.of(d.postprocessing(), "postprocessing", ProcessingStep.Place.OUTPUT);
		Files.createDirectories(out);
		// in the order package.py writes them (Map.of's order changes from run to run: the file's bytes would too)
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("format", "pt");
		metadata.put("architecture", d.architecture());
		SafeTensors.write(out.resolve("weights.safetensors"), weights, metadata);
		PytorchStateDictWriter.write(out.resolve("weights.pt"), weights);
		Npy.write(out.resolve("test_input.npy"), testInput);
		Npy.write(out.resolve("test_output.npy"), testOutput);
		Npy.write(out.resolve(PIPELINE_OUTPUT), pipelineOutput);
		Files.writeString(out.resolve("README.md"), "# " + d.name() + "\n\n" + d.description() + "\n\n" +
			"**Not for clinical use.** Research and teaching only.\n\n## Source\n\n" + d.provenance() +
			"\n\n## Validation\n\nMetrics: not measured here.\n", StandardCharsets.UTF_8);
		// a super-resolution network's dense output is larger than its input by an integer factor per axis
		int outScale = testOutput.rank() == 4 && testInput.rank() == 4 ? testOutput.dim(2) / testInput.dim(2) : 1;
		Files.writeString(out.resolve("rdf.yaml"), rdf(out, d, pre, post, testOutput.dim(1), outScale), StandardCharsets.UTF_8);
	}

	private static String rdf(Path out, Description d, WrittenSteps pre, WrittenSteps post, int outChannels,
		int outScale) throws IOException {
		int c = d.channels(), m = d.sizeMultiple();
		boolean classification = d.task().equals("classification");
		List<Map<String, Object>> authors = new ArrayList<>();
		for (String a : d.authors()) authors.add(Map.of("name", a));
		List<String> inNames = channelNames(c, "channel");
		Map<String, Object> rdf = new LinkedHashMap<>();
		rdf.put("format_version", FORMAT_VERSION);
		rdf.put("type", "model");
		rdf.put("name", d.name().length() >= 5 ? d.name() : d.name() + " model"); // the spec wants 5 characters
		rdf.put("description", d.description());
		rdf.put("authors", authors);
		if (d.cite() != null && !d.cite().isEmpty()) rdf.put("cite", d.cite());
		rdf.put("license", d.license());
		rdf.put("version", "1.0.0");
		rdf.put("tags", List.of("mamba", d.task(), d.architecture()));
		rdf.put("documentation", "README.md");
		rdf.put("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());

		List<Object> inAxes = new ArrayList<>(List.of(map("type", "batch"), map("type", "channel", "channel_names", inNames)));
		for (String a : List.of("y", "x")) inAxes.add(map("type", "space", "id", a, "size", map("min", m, "step", m)));
		Map<String, Object> input = map("id", "input", "axes", inAxes, "test_tensor", file(out, "test_input.npy"),
			"data", map("type", "float32"));
		if (!pre.spec().isEmpty()) input.put("preprocessing", pre.spec());

		List<Object> outAxes = new ArrayList<>(List.of(map("type", "batch"), map("type", "channel", "channel_names",
			d.task().equals("denoising") && outChannels == c ? inNames : channelNames(outChannels, "class"))));
		if (!classification) for (String a : List.of("y", "x")) {
			Map<String, Object> axis = map("type", "space", "id", a, "size", map("tensor_id", "input", "axis_id", a));
			// spec 0.5: size = referenced size * its scale / this axis' scale, so 1/N makes the output N times larger
			if (outScale > 1) axis.put("scale", 1.0 / outScale);
			outAxes.add(axis);
		}
		Map<String, Object> output = map("id", "output", "axes", outAxes, "test_tensor",
			file(out, PIPELINE_OUTPUT), "data", map("type", "float32"));
		if (!post.spec().isEmpty()) output.put("postprocessing", post.spec());
		rdf.put("inputs", List.of(input));
		rdf.put("outputs", List.of(output));

		rdf.put("weights", map("pytorch_state_dict", with(file(out, "weights.pt"), "architecture",
			map("callable", ReferenceArchitectures.callable(d.architecture()), "import_from",
				ReferenceArchitectures.importFrom(d.architecture()), "kwargs", d.config()), "pytorch_version", "1.13")));
		rdf.put("attachments", List.of(file(out, "weights.safetensors"), file(out, "test_output.npy")));

		Map<String, Object> mambaj = map("architecture", d.architecture(), "weights", "weights.safetensors",
			"raw_test_outputs", List.of("test_output.npy"));
		if (!pre.own().isEmpty()) mambaj.put("preprocessing", pre.own());
		if (!post.own().isEmpty()) mambaj.put("postprocessing", post.own());
		mambaj.putAll(map("task", d.task(), "class_names", List.of(), "metrics", Map.of(),
			"channels", (c == 3 ? ChannelMode.RGB : ChannelMode.GREY).key(), "size_multiple", m));
		mambaj.putAll(d.extraConfig()); // e.g. nnunet: how nnU-Net predicts around the network
		rdf.put("config", map("mambaj", mambaj));
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setSplitLines(false);
		return new Yaml(options).dump(rdf);
	}

	private static List<String> channelNames(int n, String prefix) {
		if (prefix.equals("channel") && n == 3) return List.of("red", "green", "blue");
		if (prefix.equals("channel") && n == 1) return List.of("intensity");
		List<String> names = new ArrayList<>();
		for (int i = 0; i < n; i++) names.add(prefix + i);
		return names;
	}

	private static Map<String, Object> file(Path out, String name) throws IOException {
		return map("source", name, "sha256", Sha256.of(out.resolve(name)));
	}

	private static Map<String, Object> with(Map<String, Object> m, Object... keysAndValues) {
		m.putAll(map(keysAndValues));
		return m;
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
		return m;
	}
}

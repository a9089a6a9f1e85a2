package org.mambaj.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.mambaj.core.Engine;
import org.mambaj.core.Engines;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.image.Plane;
import org.mambaj.image.Processing;
import org.mambaj.io.Checkpoints;
import org.mambaj.io.FileTrees;
import org.mambaj.io.Npy;
import org.mambaj.io.PackageWriter;
import org.mambaj.io.ProcessingStep;
import org.mambaj.io.ProcessingSteps;
import org.mambaj.io.StateDict;
import org.mambaj.models.ArchitectureDefaults;
import org.mambaj.models.Architectures;
import org.mambaj.models.Model;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Turns a published checkpoint ({@code .pth} read without Python, or {@code .safetensors}) plus an architecture
 * name into a model package, in Java: the weights must fit the network exactly (every key used, every shape
 * right), the config is the user's over the published defaults that the Python converter uses too, and the test
 * output is this network's answer to the test input, so the package validates wherever it is installed.
 */
public final class CheckpointPackager {

	/** What the user says about the checkpoint; null fields take the architecture's defaults. */
	public record Request(Path checkpoint, String architecture, Path configFile, String name, List<String> authors,
		String license, Path testInput, String task, String description) {}

	private static final int TEST_EDGE = 64;

	private CheckpointPackager() {}

	/** Packages the checkpoint in a temporary folder, then validates and installs it like any package. */
	public static ModelInfo install(Request r, ModelRegistry registry) throws IOException {
		Path temp = Files.createTempDirectory("mambaj-convert");
		try {
			Path pkg = temp.resolve(r.name() == null ? "unnamed" : r.name());
			write(r, pkg);
			return registry.install(pkg);
		} finally {
			FileTrees.delete(temp);
		}
	}

	/** Writes the package into {@code out} (absent or empty). */
	public static void write(Request r, Path out) throws IOException {
		String arch = r.architecture();
		if (arch == null || !Architectures.NAMES.contains(arch)) throw new IllegalArgumentException("--arch must be " +
			"one of " + Architectures.NAMES + ", got " + (arch == null ? "nothing" : "'" + arch + "'"));
		if (r.name() == null || !r.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) throw new IllegalArgumentException(
			"--name must be a plain model name (letters, digits, . _ -), got " + (r.name() == null ? "nothing" : "'" + r.name() + "'"));
		Map<String, Object> config = ArchitectureDefaults.config(arch, readConfig(r.configFile()));
		Map<String, Tensor> weights = Checkpoints.tensors(r.checkpoint());
		int channels = ((Number) config.get(ArchitectureDefaults.channelsKey(arch))).intValue();
		List<ProcessingStep> pre = steps(arch, "preprocessing", ProcessingStep.Place.INPUT);
		List<ProcessingStep> post = steps(arch, "postprocessing", ProcessingStep.Place.OUTPUT);
		int multiple;
		Tensor input, output, pipeline;
		Map<String, Tensor> kept = withoutCounters(weights);
		try (Engine engine = Engines.create("java")) {
			StateDict sd = new StateDict(weights, r.checkpoint().toString());
			Model model = Architectures.build(arch, config, sd, engine);
			// a layer the published module registers twice is saved under both names; the package keeps it once
			kept.keySet().removeAll(sd.copies());
			// the network's own multiple: for nnU-Net-style networks it follows from the config's strides
			multiple = Math.max(ArchitectureDefaults.sizeMultiple(arch), model.sizeMultiple());
			input = r.testInput() != null ? Npy.read(r.testInput()) : randomInput(channels, multiple);
			if (input.rank() != 4 || input.dim(1) != channels) throw new IllegalArgumentException((r.testInput() == null ?
				"test input" : r.testInput().toString()) + ": shape " + input.shapeString() + ", expected [1, " + channels + ", H, W]");
			// the package's test tensors are in PyTorch's layout (bcyx), the network's channels-last
			output = Layout.toTorch(model.forward(Layout.fromTorch(input)));
			// what bioimage.io tools compute for the test input: the spec's preprocessing, network, postprocessing
			Tensor raw = model.forward(Layout.fromTorch(preprocessed(input, PackageWriter.specSteps(pre))));
			pipeline = postprocessed(Layout.toTorch(raw), PackageWriter.specSteps(post));
		}
		String provenance = "Converted from `" + r.checkpoint().getFileName() + "` by `mambaj install` (architecture " +
			arch + ", config " + config + ").";
		PackageWriter.write(out, new PackageWriter.Description(r.name(),
			r.description() != null ? r.description() : "Converted from the published checkpoint " + r.checkpoint().getFileName() + ".",
			r.authors() == null || r.authors().isEmpty() ? List.of("unknown (give --authors)") : r.authors(),
			r.license() != null ? r.license() : "unknown (give --license)", arch, config,
			r.task() != null ? r.task() : ArchitectureDefaults.task(arch), channels, multiple,
			pre, post, (List<?>) ArchitectureDefaults.of(arch).get("cite"), provenance), kept, input, output,
			pipeline);
	}

	/** The architecture's packaging steps, typed and checked like an rdf.yaml's. */
	static List<ProcessingStep> steps(String arch, String which, ProcessingStep.Place place) throws IOException {
		return ProcessingSteps.read(ArchitectureDefaults.processing(arch, which), "architecture-defaults.json",
			arch + "." + which, place);
	}

	/**
	 * The raw output ([1, C, H, W], or [1, C] scores) after post-processing steps, by the pipeline's own code: the
	 * output test tensor bioimage.io tools compare with.
	 */
	static Tensor postprocessed(Tensor raw, List<ProcessingStep> steps) {
		int[] s = raw.shape();
		Plane p = new Plane(raw.data().clone(), s[1], s.length == 4 ? s[2] : 1, s.length == 4 ? s[3] : 1);
		return new Tensor(Processing.postprocess(p, steps, null, "the package writer").data(), s);
	}

	private static Map<String, Tensor> withoutCounters(Map<String, Tensor> weights) {
		Map<String, Tensor> out = new LinkedHashMap<>(weights);
		out.keySet().removeIf(k -> k.endsWith("num_batches_tracked"));
		return out;
	}

	/** A JSON or YAML map of the architecture's constructor arguments (published names). */
	@SuppressWarnings("unchecked")
	static Map<String, Object> readConfig(Path file) throws IOException {
		if (file == null) return Map.of();
		try (InputStream in = Files.newInputStream(file)) {
			Object v = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
			if (v instanceof Map<?, ?> m && m.keySet().stream().allMatch(k -> k instanceof String))
				return (Map<String, Object>) m;
			throw new IllegalArgumentException(file + ": the config must be a map of constructor arguments " +
				"(e.g. {\"num_classes\": 1}), found " + (v == null ? "nothing" : v.getClass().getSimpleName()));
		} catch (org.yaml.snakeyaml.error.YAMLException e) {
			throw new IllegalArgumentException(file + ": not valid JSON or YAML: " + e.getMessage(), e);
		}
	}

	/** Pre-processing steps on a [1, C, H, W] input, by the pipeline's own code (per sample, all channels together). */
	static Tensor preprocessed(Tensor raw, List<ProcessingStep> steps) {
		return Processing.preprocess(Plane.ofNchw(raw), steps, "the package writer").asNchw();
	}

	private static Tensor randomInput(int channels, int multiple) {
		int edge = Math.max(multiple, TEST_EDGE / multiple * multiple);
		Random random = new Random(0);
		float[] data = new float[channels * edge * edge];
		for (int i = 0; i < data.length; i++) data[i] = random.nextFloat();
		return new Tensor(data, 1, channels, edge, edge);
	}
}

package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.image.Plane;
import org.mambaj.image.Predictor;
import org.mambaj.image.Progress;
import org.mambaj.image.Tiler;
import org.mambaj.io.FileTrees;
import org.mambaj.io.ModelDescriptor;
import org.mambaj.io.ModelPackage;
import org.mambaj.io.ModelPackageException;
import org.mambaj.io.ProcessingStep.ScaleRange;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.BioimageioModelCheck;
import org.mambaj.zoo.CheckpointPackager;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * bioimage.io model spec 0.5 both ways: the packages MambaJ writes (the shipped ones, converted by
 * training/upgrade_rdf.py; one written by Python's convert_checkpoint.py; one written by {@code mambaj install}'s Java
 * writer) pass the spec's JSON schema and rules and {@code mambaj validate}; a hand-written minimal 0.5 package of a
 * known architecture, with only pytorch_state_dict weights, loads and validates; the check and the reader refuse
 * what the spec or MambaJ cannot take.
 */
@SuppressWarnings("unchecked")
class BioimageioPackagesTest {

	@TempDir
	Path tmp;

	static Path resource(String name) throws Exception {
		return Paths.get(BioimageioPackagesTest.class.getResource(name).toURI());
	}

	static int validate(Path pkg) {
		try (CliSession cli = new CliSession(pkg.resolveSibling("cache-" + pkg.getFileName()),
			pkg.resolveSibling("user-" + pkg.getFileName()))) {
			int code = cli.run("validate", "--model", pkg.toString(), "--engine", "java");
			assertEquals(0, code, cli.err());
			return code;
		}
	}

	static void assertFollowsSpec(Path pkg) throws Exception {
		List<String> problems = BioimageioModelCheck.problems(pkg);
		assertTrue(problems.isEmpty(), pkg + ": " + String.join("\n", problems));
	}

	@TestFactory
	Stream<DynamicTest> shippedPackagesFollowTheSpecAndValidate() throws Exception {
		List<Path> models = new ArrayList<>();
		try (Stream<Path> s = Files.list(Path.of("models"))) {
			s.filter(p -> Files.isRegularFile(p.resolve("rdf.yaml"))).sorted().forEach(models::add);
		}
		assertEquals(6, models.size(), "the shipped packages");
		return models.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
			assertFollowsSpec(p);
			ModelDescriptor d = ModelPackage.describe(p);
			assertTrue(d.formatVersion().startsWith("0.5."), d.formatVersion());
			assertEquals("weights.safetensors", d.weights().source(), "MambaJ reads the safetensors attachment");
			assertEquals(List.of("test_output.npy"), d.testOutputs(), "validate compares the raw network output");
			validate(p);
		}));
	}

	@Test
	void pythonWrittenPackageFollowsTheSpecAndValidates() throws Exception {
		Path pkg = resource("/packages/converted-by-python-v05");
		assertFollowsSpec(pkg);
		validate(pkg);
	}

	@Test
	void javaWrittenPackageFollowsTheSpecAndValidates() throws Exception {
		Path pkg = tmp.resolve("java-written");
		CheckpointPackager.write(new CheckpointPackager.Request(resource("/io/pth/medmamba-small.pth"), "medmamba",
			resource("/io/pth/medmamba-small.json"), "java-written", List.of("A. Author"), "MIT", null, null, null), pkg);
		assertFollowsSpec(pkg);
		validate(pkg);
		// the pytorch_state_dict file alone gives the same network: drop MambaJ's attachment and read weights.pt
		Path torchOnly = tmp.resolve("torch-only");
		FileTrees.copy(pkg, torchOnly);
		editRdf(torchOnly, rdf -> ((Map<String, Object>) ((Map<String, Object>) rdf.get("config")).get("mambaj")).remove("weights"));
		try (PackagedModel m = PackagedModel.load(torchOnly, "java")) {
			assertEquals("weights.pt", m.descriptor().weights().source());
			assertTrue(m.validate(1e-5) <= 1e-5);
		}
	}

	/** What a bioimage.io user would write for a VM-UNet trained elsewhere: no config.mambaj at all. */
	@Test
	void handWrittenMinimalPackageOfAKnownArchitectureLoads() throws Exception {
		Path java = tmp.resolve("source");
		CheckpointPackager.write(new CheckpointPackager.Request(resource("/io/pth/medmamba-small.pth"), "medmamba",
			resource("/io/pth/medmamba-small.json"), "source", List.of("A. Author"), "MIT", null, null, null), java);
		Path pkg = tmp.resolve("hand-written");
		Files.createDirectories(pkg);
		for (String f : List.of("weights.pt", "test_input.npy", "test_output.npy"))
			Files.copy(java.resolve(f), pkg.resolve(f));
		Files.writeString(pkg.resolve("README.md"), "# tiny classifier\n");
		Files.writeString(pkg.resolve("rdf.yaml"), """
			format_version: 0.5.4
			type: model
			name: tiny MedMamba classifier
			description: written by hand
			authors: [{name: Someone}]
			license: MIT
			documentation: README.md
			inputs:
			- id: raw
			  axes:
			  - {type: batch}
			  - {type: channel, channel_names: [intensity]}
			  - {type: space, id: y, size: {min: 32, step: 32}}
			  - {type: space, id: x, size: {min: 32, step: 32}}
			  test_tensor: {source: test_input.npy}
			outputs:
			- id: scores
			  axes:
			  - {type: batch}
			  - {type: channel, channel_names: [a, b]}
			  test_tensor: {source: test_output.npy}
			weights:
			  pytorch_state_dict:
			    source: weights.pt
			    architecture:
			      callable: MedMamba
			      import_from: somewhere.else
			      kwargs: {in_chans: 1, num_classes: 2, depths: [1, 1, 1, 1], dims: [8, 16, 32, 64], d_state: 8}
			    pytorch_version: "2.1"
			""");
		try (PackagedModel m = PackagedModel.load(pkg, "java")) {
			assertEquals("medmamba", m.descriptor().architecture().name());
			assertEquals("bcyx", m.descriptor().inputs().get(0).axes());
			assertTrue(m.descriptor().inputs().get(0).shape().accepts(1, 1, 64, 96));
			assertFalse(m.descriptor().inputs().get(0).shape().accepts(1, 3, 64, 64));
			assertTrue(m.validate(1e-5) <= 1e-5);
		}
	}

	@Test
	void theCheckFindsWhatTheSpecForbids() throws Exception {
		Path good = resource("/packages/converted-by-python-v05");
		assertProblem(good, rdf -> channelAxis(rdf).remove("channel_names"), "channel_names");
		assertProblem(good, rdf -> scaleRange(rdf).put("mode", "per_sample"), "kwargs.mode: not allowed"); // a 0.4 kwarg
		assertProblem(good, rdf -> channelAxis(rdf).put("channel_names", List.of("no good")), "identifier");
		assertProblem(good, rdf -> input(rdf).put("id", "Input"), "lowercase");
		assertProblem(good, rdf -> ((Map<String, Object>) input(rdf).get("test_tensor")).put("sha256", "0".repeat(64)), "SHA-256");
		assertProblem(good, rdf -> rdf.put("name", "abc"), "shorter than 5");
		assertProblem(good, rdf -> ((Map<String, Object>) rdf.get("weights")).put("safetensors", Map.of("source", "x")), "weights");
	}

	@Test
	void theReaderRefusesWhatMambajCannotRunNamingTheField() throws Exception {
		Path good = resource("/packages/converted-by-python-v05");
		assertRefused(good, rdf -> {
			pytorch(rdf).put("architecture", Map.of("callable", "UNet2d", "import_from", "x"));
			mambaj(rdf).remove("architecture");
		}, "weights.pytorch_state_dict.architecture.callable", "UNet2d", "VMUNet");
		assertRefused(good, rdf -> scaleRange(rdf).put("axes", List.of("y", "x", "banana")), "preprocessing[0].kwargs.axes", "banana");
		assertRefused(good, rdf -> ((List<Object>) input(rdf).get("axes")).set(1, Map.of("type", "index")), "inputs[0].axes[1].type", "index");
		assertRefused(good, rdf -> mambaj(rdf).put("weights", "elsewhere.safetensors"), "config.mambaj.weights", "attachments");
		assertRefused(good, rdf -> ((Map<String, Object>) input(rdf).get("test_tensor")).put("sha256", "0".repeat(64)),
			"inputs[0].test_tensor", "SHA-256");
	}

	/** scale_range over [y, x] of an RGB input: each channel's own percentiles, and a run that uses them. */
	@Test
	void perChannelNormalizationOfAnRgbInputIsReadAndRun() throws Exception {
		Path perChannel = edited(Path.of("models/nuclei"), rdf -> scaleRange(rdf).put("axes", List.of("y", "x")));
		ScaleRange step = (ScaleRange) ModelPackage.describe(perChannel).inputs().get(0).preprocessing().get(0);
		assertTrue(step.perChannel());
		// channels of very different ranges: joint percentiles leave green and blue near 0, per channel they fill [0, 1]
		Plane image = new Plane(new float[3 * 32 * 32], 3, 32, 32);
		for (int y = 0; y < 32; y++)
			for (int x = 0; x < 32; x++) {
				image.set(0, y, x, 1000 + 40 * x + y);
				image.set(1, y, x, (x * y) % 7);
				image.set(2, y, x, x % 3);
			}
		try (PackagedModel joint = PackagedModel.load(Path.of("models/nuclei"), "java");
			PackagedModel each = PackagedModel.load(perChannel, "java")) {
			float[] a = new Predictor(joint).scores(image, new Tiler(32, 0, 8), Progress.NONE).data();
			float[] b = new Predictor(each).scores(image, new Tiler(32, 0, 8), Progress.NONE).data();
			assertFalse(java.util.Arrays.equals(a, b), "per-channel statistics changed nothing");
		}
	}

	// --- helpers: edit a copy of a package's rdf.yaml

	@SuppressWarnings("unchecked")
	static Map<String, Object> input(Map<String, Object> rdf) {
		return (Map<String, Object>) ((List<Object>) rdf.get("inputs")).get(0);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> channelAxis(Map<String, Object> rdf) {
		return (Map<String, Object>) ((List<Object>) input(rdf).get("axes")).get(1);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> scaleRange(Map<String, Object> rdf) {
		Map<String, Object> step = (Map<String, Object>) ((List<Object>) input(rdf).get("preprocessing")).get(0);
		assertEquals("scale_range", step.get("id"));
		return (Map<String, Object>) step.get("kwargs");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> pytorch(Map<String, Object> rdf) {
		return (Map<String, Object>) ((Map<String, Object>) rdf.get("weights")).get("pytorch_state_dict");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> mambaj(Map<String, Object> rdf) {
		return (Map<String, Object>) ((Map<String, Object>) rdf.get("config")).get("mambaj");
	}

	Path edited(Path pkg, Consumer<Map<String, Object>> edit) throws Exception {
		Path copy = Files.createTempDirectory(tmp, "edited");
		FileTrees.copy(pkg, copy);
		editRdf(copy, edit);
		return copy;
	}

	static void editRdf(Path pkg, Consumer<Map<String, Object>> edit) throws Exception {
		Map<String, Object> rdf = deepCopy(new Yaml(new SafeConstructor(new LoaderOptions())).load(
			Files.readString(pkg.resolve("rdf.yaml"))));
		edit.accept(rdf);
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Files.writeString(pkg.resolve("rdf.yaml"), new Yaml(options).dump(rdf));
	}

	@SuppressWarnings("unchecked")
	static <T> T deepCopy(T value) {
		if (value instanceof Map<?, ?> m) {
			Map<String, Object> copy = new LinkedHashMap<>();
			m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
			return (T) copy;
		}
		if (value instanceof List<?> l) {
			List<Object> copy = new ArrayList<>();
			for (Object v : l) copy.add(deepCopy(v));
			return (T) copy;
		}
		return value;
	}

	void assertProblem(Path pkg, Consumer<Map<String, Object>> edit, String expected) throws Exception {
		List<String> problems = BioimageioModelCheck.problems(edited(pkg, edit));
		assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected a problem about " + expected +
			", found " + problems);
	}

	void assertRefused(Path pkg, Consumer<Map<String, Object>> edit, String... expected) throws Exception {
		Path copy = edited(pkg, edit);
		ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage.open(copy).close());
		for (String s : expected) assertTrue(e.getMessage().contains(s), "expected \"" + s + "\" in: " + e.getMessage());
	}
}

package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.core.Tensor;

class ModelPackageTest {

	private static final String[] PACKAGE_FILES = { "rdf.yaml", "README.md", "weights.safetensors",
		"test_input.npy", "test_output.npy" };

	@TempDir
	Path dir;

	/** A writable copy of the example package, with rdf.yaml passed through {@code edit}. */
	private Path copyOfExample(UnaryOperator<String> edit) throws IOException {
		Path folder = Files.createTempDirectory(dir, "pkg");
		for (String name : PACKAGE_FILES) Files.copy(TestFiles.resource("example-package/" + name),
			folder.resolve(name));
		Path rdf = folder.resolve("rdf.yaml");
		Files.writeString(rdf, edit.apply(Files.readString(rdf)));
		return folder;
	}

	private Path zip(String zipName, Map<String, byte[]> entries) throws IOException {
		Path zip = dir.resolve(zipName);
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				out.putNextEntry(new ZipEntry(e.getKey()));
				out.write(e.getValue());
				out.closeEntry();
			}
		}
		return zip;
	}

	private Path zipOfExample(String prefix) throws IOException {
		Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
		if (!prefix.isEmpty()) entries.put(prefix, new byte[0]);
		for (String name : PACKAGE_FILES) entries.put(prefix + name,
			Files.readAllBytes(TestFiles.resource("example-package/" + name)));
		return zip("model.zip", entries);
	}

	private static void assertContains(String message, String... parts) {
		for (String part : parts) assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
	}

	private static String failure(Path path) {
		ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage.open(path));
		assertContains(e.getMessage(), path.toString());
		return e.getMessage();
	}

	private String failureWithRdf(UnaryOperator<String> edit) throws IOException {
		return failure(copyOfExample(edit));
	}

	private static void checkExample(ModelPackage p) throws IOException {
		ModelDescriptor d = p.descriptor();
		assertEquals("Tiny conv", d.name());
		assertEquals("0.4.10", d.formatVersion());
		assertEquals(List.of(new Author("Ada Example", "MambaJ tests"), new Author("Grace Example", null)),
			d.authors());
		assertEquals("MIT", d.license());
		assertEquals("0.1.0", d.version());
		assertEquals(List.of("test", "segmentation", "mamba"), d.tags());
		assertEquals("tiny_conv", d.architecture().name());
		assertEquals(List.of(2, 2), d.architecture().config().get("depths"));
		assertEquals("weights.safetensors", d.weights().source());

		InputSpec in = d.inputs().get(0);
		assertEquals("raw", in.name());
		assertEquals("bcyx", in.axes());
		assertEquals(List.of(1, 1, 4, 4), in.shape().min());
		assertTrue(in.shape().accepts(1, 1, 12, 8));
		assertFalse(in.shape().accepts(1, 1, 10, 8));
		assertArrayEquals(new int[] { 1, 1, 12, 8 }, in.shape().smallestAtLeast(1, 1, 10, 5));
		// axes "yx": per channel (one channel here, so the same numbers as over all channels)
		assertEquals(List.of(new ProcessingStep.ScaleRange(1, 99.8, ProcessingStep.ScaleRange.DEFAULT_EPS, true)),
			in.preprocessing());

		OutputSpec out = d.outputs().get(0);
		assertEquals(List.of(0, 0, 2, 2), out.halo());
		assertEquals(List.of(new ProcessingStep.Sigmoid()), out.postprocessing());
		assertEquals("segmentation", d.task());
		assertEquals(List.of("background", "cell"), d.mambajConfig().get("class_names"));
		assertEquals(0.91, ((Map<?, ?>) d.mambajConfig().get("metrics")).get("dice"));

		assertTrue(Files.isRegularFile(p.weightsFile()));
		assertTrue(Files.readString(p.documentationFile()).contains("Tiny conv"));

		// The package is self-consistent: the 1x1 conv weights map the test input onto the test output.
		StateDict sd = p.stateDict();
		float[] w = sd.take("conv.weight", 2, 1, 1, 1).data();
		float[] b = sd.take("conv.bias", 2).data();
		sd.assertAllUsed();
		Tensor x = p.testInputs().get(0), y = p.testOutputs().get(0);
		assertArrayEquals(new int[] { 1, 1, 4, 4 }, x.shape());
		assertArrayEquals(new int[] { 1, 2, 4, 4 }, y.shape());
		for (int c = 0; c < 2; c++) for (int i = 0; i < 16; i++)
			assertEquals(w[c] * x.data()[i] + b[c], y.data()[c * 16 + i], 1e-6);
	}

	@Test
	void opensFolderPackage() throws IOException {
		try (ModelPackage p = ModelPackage.open(copyOfExample(s -> s))) {
			checkExample(p);
		}
	}

	@Test
	void opensCommittedExampleAndItsRdfYamlDirectly() throws IOException {
		checkExample(ModelPackage.open(TestFiles.resource("example-package")));
		checkExample(ModelPackage.open(TestFiles.resource("example-package/rdf.yaml")));
	}

	@Test
	void opensZipWithFilesAtRootAndDeletesExtractionOnClose() throws IOException {
		ModelPackage p = ModelPackage.open(zipOfExample(""));
		checkExample(p);
		Path root = p.root();
		assertFalse(root.startsWith(dir), "extracted to a temporary folder");
		p.close();
		assertFalse(Files.exists(root));
	}

	@Test
	void opensZipWithSingleTopLevelFolder() throws IOException {
		try (ModelPackage p = ModelPackage.open(zipOfExample("tiny-conv/"))) {
			checkExample(p);
			assertEquals("tiny-conv", p.root().getFileName().toString());
		}
	}

	@Test
	void refusesZipSlipEntries() throws IOException {
		long tempPackagesBefore = countTempPackages();
		Path outside = dir.resolveSibling("evil-" + System.nanoTime() + ".txt");
		for (String name : new String[] { "../" + outside.getFileName(), "a/../../" + outside.getFileName(),
			"..\\" + outside.getFileName(), outside.toString() }) {
			Path zip = zip("slip.zip", Map.of("rdf.yaml", "name: x".getBytes(StandardCharsets.UTF_8),
				name, "pwned".getBytes(StandardCharsets.UTF_8)));
			assertContains(failure(zip), "unsafe entry name", name);
			assertFalse(Files.exists(outside), name);
			Files.delete(zip);
		}
		assertEquals(tempPackagesBefore, countTempPackages(), "refused extraction cleaned up");
	}

	@Test
	void refusesZipWithoutRdfAndCorruptZip() throws IOException {
		Path zip = zip("empty.zip", Map.of("a/readme.txt", new byte[1], "b/readme.txt", new byte[1]));
		assertContains(failure(zip), "no rdf.yaml");
		Path corrupt = dir.resolve("corrupt.zip");
		Files.writeString(corrupt, "not a zip");
		assertContains(failure(corrupt), "not a valid zip");
		Path other = dir.resolve("model.txt");
		Files.writeString(other, "x");
		assertContains(failure(other), "not a model package");
		assertContains(failure(dir.resolve("nowhere")), "not found");
	}

	@Test
	void reportsMissingFiles() throws IOException {
		Path folder = copyOfExample(s -> s);
		Files.delete(folder.resolve("rdf.yaml"));
		assertContains(failure(folder), "missing rdf.yaml");

		folder = copyOfExample(s -> s.replace("source: weights.safetensors", "source: gone.safetensors"));
		assertContains(failure(folder), "gone.safetensors", "weights.safetensors.source", "missing");

		folder = copyOfExample(s -> s);
		Files.delete(folder.resolve("test_output.npy"));
		assertContains(failure(folder), "test_output.npy", "test_outputs[0]", "missing");

		assertContains(failureWithRdf(s -> s.replace("documentation: README.md", "documentation: DOCS.md")),
			"DOCS.md", "documentation");
	}

	/** Listing models describes every package: its rdf.yaml only; the files are checked when it is opened to run. */
	@Test
	void describingAFolderReadsTheRdfWithoutHashingTheFiles() throws IOException {
		Path folder = copyOfExample(s -> s.replaceAll("sha256: [0-9a-f]{64}", "sha256: " + "ab".repeat(32)));
		assertEquals("Tiny conv", ModelPackage.describe(folder).name());
		assertContains(failure(folder), "SHA-256", "ab".repeat(32));
		assertContains(assertThrows(ModelPackageException.class, () -> ModelPackage.describe(copyOfExample(s ->
			s.replace("name: Tiny conv", "name: [Tiny conv]")))).getMessage(), "name");
	}

	@Test
	void rejectsWrongSha256() throws IOException {
		String wrong = "ab".repeat(32);
		String message = failureWithRdf(s -> s.replaceAll("sha256: [0-9a-f]{64}", "sha256: " + wrong));
		assertContains(message, "SHA-256", wrong, "ddc8d795e31da672f959a6eeaa703c82c69e33c0bab0d2e32215155d51c94e5a");
		assertContains(failureWithRdf(s -> s.replaceAll("sha256: [0-9a-f]{64}", "sha256: xyz")),
			"weights.safetensors.sha256", "64 hexadecimal");
		assertContains(failureWithRdf(s -> s.replaceAll("sha256: [0-9a-f]{64}", "sha256: " + "1".repeat(64))),
			"weights.safetensors.sha256", "quote it");
	}

	@Test
	void sha256IsOptional() throws IOException {
		Path folder = copyOfExample(s -> s.replaceAll("    sha256: [0-9a-f]{64}\n", ""));
		assertNull(ModelPackage.open(folder).descriptor().weights().sha256());
	}

	@Test
	void rejectsBadYamlAndObjectTags() throws IOException {
		assertContains(failureWithRdf(s -> s + "\n  - broken: [unclosed\n"), "invalid YAML", "rdf.yaml");
		assertContains(failureWithRdf(s -> "- just\n- a list\n"), "expected a mapping");
		assertContains(failureWithRdf(s -> s.replace("license: MIT", "license: MIT\nname: twice")),
			"invalid YAML", "name");
		// A Java object tag must never be instantiated: safe YAML refuses it.
		String message = failureWithRdf(s -> s.replace("license: MIT",
			"license: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]"));
		assertContains(message, "invalid YAML");
	}

	@Test
	void namesInvalidOrMissingFields() throws IOException {
		assertContains(failureWithRdf(s -> s.replace("name: Tiny conv", "title: Tiny conv")), "name",
			"required field");
		assertContains(failureWithRdf(s -> s.replace("  name: tiny_conv\n", "")), "architecture.name");
		assertContains(failureWithRdf(s -> s.replace("  safetensors:", "  pytorch_state_dict:")),
			"weights.safetensors", "pytorch_state_dict");
		assertContains(failureWithRdf(s -> s.replace("min: [1, 1, 4, 4]", "min: [1, 4, 4]")),
			"inputs[0].shape.step", "expected 3 entries");
		assertContains(failureWithRdf(s -> s.replace("shape:\n      min: [1, 1, 4, 4]\n      step: [0, 0, 4, 4]",
			"shape: [1, 4, 4]")), "inputs[0].shape", "expected 4 entries", "bcyx");
		assertContains(failureWithRdf(s -> s.replace("axes: bcyx\n    data_type: float32\n    shape",
			"axes: bcyq\n    data_type: float32\n    shape")), "inputs[0].axes", "'q'");
		assertContains(failureWithRdf(s -> s.replace("name: scale_range", "name: run_my_python")),
			"inputs[0].preprocessing[0].name", "run_my_python");
		assertContains(failureWithRdf(s -> s.replace("halo: [0, 0, 2, 2]", "halo: [2, 2]")), "outputs[0].halo");
		assertContains(failureWithRdf(s -> s.replace("step: [0, 0, 4, 4]", "step: [0, 0, four, 4]")),
			"inputs[0].shape.step[2]", "expected an integer");
		assertContains(failureWithRdf(s -> s.replace("test_inputs: [test_input.npy]",
			"test_inputs: [test_input.npy, test_input.npy]")), "test_inputs", "one file per input");
		assertContains(failureWithRdf(s -> s.replace("type: model", "type: dataset")), "type");
	}

	@Test
	void fixedShapeListMeansZeroSteps() throws IOException {
		ShapeSpec shape = ModelPackage.open(copyOfExample(s -> s.replace(
			"shape:\n      min: [1, 1, 4, 4]\n      step: [0, 0, 4, 4]", "shape: [1, 1, 64, 64]")))
			.descriptor().inputs().get(0).shape();
		assertTrue(shape.isFixed());
		assertEquals(List.of(0, 0, 0, 0), shape.step());
		assertTrue(shape.accepts(1, 1, 64, 64));
		assertFalse(shape.accepts(1, 1, 64, 128));
	}

	@Test
	void refusesFilesOutsideThePackageOrRemote() throws IOException {
		Files.writeString(dir.resolve("outside.safetensors"), "x");
		assertContains(failureWithRdf(s -> s.replace("source: weights.safetensors",
			"source: ../outside.safetensors")), "outside the package");
		assertContains(failureWithRdf(s -> s.replace("source: weights.safetensors",
			"source: https://example.org/w.safetensors")), "URL");
	}

	@Test
	void descriptorIsImmutable() throws IOException {
		ModelDescriptor d = ModelPackage.open(copyOfExample(s -> s)).descriptor();
		assertThrows(UnsupportedOperationException.class, () -> d.config().put("x", 1));
		assertThrows(UnsupportedOperationException.class, () -> d.mambajConfig().put("x", 1));
		@SuppressWarnings("unchecked") List<Object> names = (List<Object>) d.mambajConfig().get("class_names");
		assertThrows(UnsupportedOperationException.class, () -> names.add("x"));
		assertThrows(UnsupportedOperationException.class, () -> d.inputs().clear());
		assertThrows(UnsupportedOperationException.class, () -> d.tags().clear());
	}

	@Test
	void zipExtractionIsCleanedUpWhenOpeningFails() throws IOException {
		Map<String, byte[]> entries = Map.of("rdf.yaml", "name: [broken".getBytes(StandardCharsets.UTF_8));
		Path zip = zip("bad.zip", entries);
		long before = countTempPackages();
		failure(zip);
		assertEquals(before, countTempPackages());
	}

	private static long countTempPackages() throws IOException {
		try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			return s.filter(p -> p.getFileName().toString().startsWith("mambaj-package-")).count();
		}
	}

}

package org.mambaj.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.core.Tensor;
import org.mambaj.image.Plane;
import org.mambaj.image.Predictor;
import org.mambaj.io.ModelLoadException;
import org.mambaj.io.Npy;
import org.mambaj.io.ProcessingStep;
import org.mambaj.io.ProcessingSteps;
import org.mambaj.models.ArchitectureDefaults;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.Golden;

/**
 * A published-style checkpoint (wrapped, module.-prefixed .pth; a config that leaves patch_size to the shared
 * defaults) packaged in Java gives the golden outputs, and the package Python's convert_checkpoint.py made of the
 * same checkpoint loads and validates in Java: the two converters agree.
 */
class CheckpointPackagerTest {

	@TempDir
	Path tmp;

	static Path resource(String name) throws Exception {
		return Paths.get(CheckpointPackagerTest.class.getResource(name).toURI());
	}

	ModelRegistry registry() {
		return new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(), tmp.resolve("cache")),
			tmp.resolve("user"));
	}

	CheckpointPackager.Request request(String arch, String name) throws Exception {
		return new CheckpointPackager.Request(resource("/io/pth/medmamba-small.pth"), arch,
			resource("/io/pth/medmamba-small.json"), name, List.of("A. Author", "B. Author"), "MIT", null, null, null);
	}

	@Test
	void javaPackageOfAPthGivesTheGoldenOutput() throws Exception {
		Path pkg = tmp.resolve("converted-by-java");
		CheckpointPackager.write(request("medmamba", "converted-by-java"), pkg);
		Golden golden = Golden.load("medmamba-small-odd");
		try (PackagedModel m = PackagedModel.load(pkg, "java")) {
			assertTrue(m.validate(1e-5) <= 1e-5);
			Golden.assertClose(golden.output(), m.model().forward(golden.input()), 1e-4, "converted medmamba");
		}
		String rdf = Files.readString(pkg.resolve("rdf.yaml"));
		assertTrue(rdf.contains("license: MIT") && rdf.contains("A. Author") && rdf.contains("patch_size: 4"), rdf);
	}

	@Test
	void packagesFromPythonAndFromJavaBothInstall() throws Exception {
		ModelRegistry registry = registry();
		ModelInfo python = registry.install(resource("/packages/converted-by-python"));
		ModelInfo java = CheckpointPackager.install(request("medmamba", "converted-by-java"), registry);
		assertEquals("converted-by-python", python.name());
		assertEquals("converted-by-java", java.name());
		assertTrue(registry.validate("converted-by-java", "java") < 1e-4);
		assertTrue(registry.validate("converted-by-python", "java") < 1e-4);
	}

	@Test
	void checkpointOfAnotherArchitectureIsRefusedNamingTheFile() throws Exception {
		ModelLoadException e = assertThrows(ModelLoadException.class, () ->
			CheckpointPackager.install(request("vmunet", "wrong"), registry()));
		assertTrue(e.getMessage().contains("medmamba-small.pth"), e.getMessage());
		assertTrue(!Files.exists(tmp.resolve("user").resolve("wrong")));
	}

	@Test
	void everyArchitectureHasPackagingDefaults() throws Exception {
		for (String arch : org.mambaj.models.Architectures.NAMES) {
			assertTrue(ArchitectureDefaults.sizeMultiple(arch) >= 1);
			assertTrue(ArchitectureDefaults.config(arch, Map.of()).containsKey(ArchitectureDefaults.channelsKey(arch)));
			// the packaging steps are typed steps the pipeline runs (refused here, not when a user converts)
			assertTrue(ProcessingSteps.read(ArchitectureDefaults.processing(arch, "preprocessing"), "defaults",
				arch + ".preprocessing", ProcessingStep.Place.INPUT).size() >= 1, arch);
			ProcessingSteps.read(ArchitectureDefaults.processing(arch, "postprocessing"), "defaults", arch + ".postprocessing",
				ProcessingStep.Place.OUTPUT);
		}
	}

	/**
	 * The package's pipeline test output (what bioimage.io tools compare with) is what MambaJ's predictor computes
	 * for the test input: the packager runs the pipeline's steps, so a divergence in any of them (medmamba:
	 * scale_range, scale_linear, softmax) fails here.
	 */
	@Test
	void thePipelineTestOutputIsWhatThePredictorComputes() throws Exception {
		Path pkg = tmp.resolve("converted-by-java");
		CheckpointPackager.write(request("medmamba", "converted-by-java"), pkg);
		Tensor input = Npy.read(pkg.resolve("test_input.npy")), expected = Npy.read(pkg.resolve("test_output_bioimageio.npy"));
		try (PackagedModel m = PackagedModel.load(pkg, "java")) {
			float[] actual = new Predictor(m).classify(Plane.ofNchw(input));
			assertEquals(expected.data().length, actual.length);
			for (int i = 0; i < actual.length; i++) assertEquals(expected.data()[i], actual[i], 1e-6f, "class " + i);
		}
		// and it is not the raw output: the steps ran
		Tensor raw = Npy.read(pkg.resolve("test_output.npy"));
		assertTrue(Math.abs(raw.data()[0] - expected.data()[0]) > 1e-3, "softmax applied");
	}

	@Test
	void preprocessingFollowsThePackagesTypedSteps() {
		// 0..15 as a [1, 1, 4, 4] input; np.percentile(range(16), [0, 100]) = [0, 15]
		float[] v = new float[16];
		for (int i = 0; i < v.length; i++) v[i] = i;
		Tensor in = new Tensor(v, 1, 1, 4, 4);
		Tensor out = CheckpointPackager.preprocessed(in, List.of(new ProcessingStep.ScaleRange(0, 100, 0.5),
			new ProcessingStep.ScaleLinear(2, -1)));
		for (int i = 0; i < v.length; i++) assertEquals((float) ((float) (i / 15.5) * 2.0 - 1), out.data()[i], 0f, "value " + i);
	}

	@Test
	void badNameAndArchitectureAreNamed() throws Exception {
		IllegalArgumentException arch = assertThrows(IllegalArgumentException.class, () ->
			CheckpointPackager.write(request("unet", "x"), tmp.resolve("x")));
		assertTrue(arch.getMessage().contains("unet"), arch.getMessage());
		IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () ->
			CheckpointPackager.write(request("medmamba", "../evil"), tmp.resolve("x")));
		assertTrue(name.getMessage().contains("../evil"), name.getMessage());
	}
}

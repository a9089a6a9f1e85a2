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
import org.mambaj.io.ModelLoadException;
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
	void everyArchitectureHasPackagingDefaults() {
		for (String arch : org.mambaj.models.Architectures.NAMES) {
			assertTrue(ArchitectureDefaults.sizeMultiple(arch) >= 1);
			assertTrue(ArchitectureDefaults.config(arch, Map.of()).containsKey(ArchitectureDefaults.channelsKey(arch)));
		}
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

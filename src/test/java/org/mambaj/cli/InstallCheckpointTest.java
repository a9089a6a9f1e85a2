package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;

/** {@code mambaj install CHECKPOINT.pth --arch NAME --name NAME ...}: a published checkpoint becomes a model. */
class InstallCheckpointTest {

	@TempDir
	Path tmp;

	final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	int run(ModelRegistry registry, String... args) {
		return new Main(registry, new PrintStream(out, true, StandardCharsets.UTF_8),
			new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
	}

	static String resource(String name) throws Exception {
		return Paths.get(InstallCheckpointTest.class.getResource(name).toURI()).toString();
	}

	@Test
	void installsAPthWithItsArchitectureAndValidatesIt() throws Exception {
		try (ModelRegistry registry = new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(),
			tmp.resolve("cache")), tmp.resolve("user"))) {
			int status = run(registry, "install", resource("/io/pth/medmamba-small.pth"), "--arch", "medmamba",
				"--config", resource("/io/pth/medmamba-small.json"), "--name", "my-medmamba", "--authors",
				"Ann, Bob", "--license", "MIT", "--engine", "java");
			assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
			assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("installed\tmy-medmamba"));
			String rdf = Files.readString(tmp.resolve("user/my-medmamba/rdf.yaml"));
			assertTrue(rdf.contains("name: Ann") && rdf.contains("name: Bob") && rdf.contains("license: MIT"), rdf);
			assertEquals(0, run(registry, "validate", "my-medmamba", "--engine", "java"));
		}
	}

	@Test
	void aHostileCheckpointFailsWithItsNameAndInstallsNothing() throws Exception {
		try (ModelRegistry registry = new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(),
			tmp.resolve("cache")), tmp.resolve("user"))) {
			int status = run(registry, "install", resource("/io/pth/evil_system.pth"), "--arch", "vmunet",
				"--name", "evil");
			assertEquals(1, status);
			String message = err.toString(StandardCharsets.UTF_8);
			assertTrue(message.contains("evil_system.pth") && message.contains("posix.system"), message);
			assertTrue(!Files.exists(tmp.resolve("user/evil")));
		}
	}
}

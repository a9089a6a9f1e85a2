package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mambaj install CHECKPOINT.pth --arch NAME --name NAME ...}: a published checkpoint becomes a model. */
class InstallCheckpointTest {

	@TempDir
	Path tmp;

	static String resource(String name) throws Exception {
		return Paths.get(InstallCheckpointTest.class.getResource(name).toURI()).toString();
	}

	@Test
	void installsAPthWithItsArchitectureAndValidatesIt() throws Exception {
		try (CliSession cli = CliSession.in(tmp)) {
			int status = cli.run("install", resource("/io/pth/medmamba-small.pth"), "--arch", "medmamba",
				"--config", resource("/io/pth/medmamba-small.json"), "--name", "my-medmamba", "--authors",
				"Ann, Bob", "--license", "MIT", "--engine", "java");
			assertEquals(0, status, cli.err());
			assertTrue(cli.out().startsWith("installed\tmy-medmamba"));
			String rdf = Files.readString(tmp.resolve("user/my-medmamba/rdf.yaml"));
			assertTrue(rdf.contains("name: Ann") && rdf.contains("name: Bob") && rdf.contains("license: MIT"), rdf);
			assertEquals(0, cli.run("validate", "my-medmamba", "--engine", "java"));
		}
	}

	@Test
	void aHostileCheckpointFailsWithItsNameAndInstallsNothing() throws Exception {
		try (CliSession cli = CliSession.in(tmp)) {
			int status = cli.run("install", resource("/io/pth/evil_system.pth"), "--arch", "vmunet",
				"--name", "evil");
			assertEquals(1, status);
			String message = cli.err();
			assertTrue(message.contains("evil_system.pth") && message.contains("posix.system"), message);
			assertTrue(!Files.exists(tmp.resolve("user/evil")));
		}
	}
}

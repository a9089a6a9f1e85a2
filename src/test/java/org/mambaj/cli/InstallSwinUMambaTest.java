package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.Golden;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;

/**
 * {@code mambaj install checkpoint_final.pth --arch swin_umamba[_d] --config cfg.json}: a Swin-UMamba(-dagger)
 * checkpoint as nnU-Net v2 saves it (random weights of a small config, written by training/make_golden.py)
 * installs, validates and gives the PyTorch reference's output.
 */
class InstallSwinUMambaTest {

	@TempDir
	Path tmp;

	@ParameterizedTest
	@CsvSource({ "swin-umamba-small-c1, swin_umamba", "swin-umamba-d-small-c3, swin_umamba_d" })
	void nnUNetCheckpointInstallsAndMatchesTheReference(String golden, String arch) throws Exception {
		Golden g = Golden.load(golden);
		Path config = tmp.resolve("cfg.json");
		Files.writeString(config, new org.yaml.snakeyaml.Yaml().dump(g.config()));
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		try (ModelRegistry registry = new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(),
			tmp.resolve("cache")), tmp.resolve("user"))) {
			Main main = new Main(registry, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
			int status = main.run("install", g.dir().resolve("checkpoint_final.pth").toString(), "--arch", arch,
				"--config", config.toString(), "--name", "my-swin-umamba", "--engine", "java");
			assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
			assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("installed\tmy-swin-umamba"));
			assertEquals(0, main.run("validate", "my-swin-umamba", "--engine", "java"), err.toString(StandardCharsets.UTF_8));
		}
		try (PackagedModel m = PackagedModel.load(tmp.resolve("user/my-swin-umamba"), "java")) {
			assertEquals(32, m.sizeMultiple());
			Golden.assertClose(g.output(), m.model().forward(g.input()), 1e-4, "installed " + arch);
		}
	}
}

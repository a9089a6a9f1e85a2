package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.Golden;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;

/**
 * {@code mambaj install checkpoint_final.pth --arch lightm_unet --config ...}: a LightM-UNet checkpoint as nnU-Net v2
 * saves it (random weights written by the PyTorch reference, training/make_golden.py) installs and gives the
 * reference's output; the package gets the architecture's defaults (z-score before, softmax after, multiple of 4).
 */
class LightMUNetInstallTest {

	@TempDir
	Path tmp;

	@Test
	void installsTheCheckpointAndMatchesTheReference() throws Exception {
		Golden g = Golden.load("lightmunet-c1");
		Path config = tmp.resolve("lightmunet.json");
		Files.writeString(config, new org.yaml.snakeyaml.Yaml().dump(g.config()));
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		try (ModelRegistry registry = new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(),
			tmp.resolve("cache")), tmp.resolve("user"))) {
			int status = new Main(registry, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8)).run("install",
					g.dir().resolve("checkpoint_final.pth").toString(), "--arch", "lightm_unet", "--config",
					config.toString(), "--name", "lungs", "--authors", "A. Author", "--license", "Apache-2.0",
					"--engine", "java");
			assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
		}
		Path pkg = tmp.resolve("user/lungs");
		String rdf = Files.readString(pkg.resolve("rdf.yaml"));
		assertTrue(rdf.contains("lightm_unet") && rdf.contains("zero_mean_unit_variance") && rdf.contains("2403.05246"),
			rdf);
		try (PackagedModel m = PackagedModel.load(pkg, "java")) {
			assertEquals(4, m.sizeMultiple());
			Golden.assertClose(g.output(), m.model().forward(g.input()), 1e-4, "installed LightM-UNet");
		}
	}
}

package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.Golden;

/**
 * {@code mambaj install CHECKPOINT.pth --arch NAME --config ...} for checkpoints saved as each architecture's
 * published training code saves them (random weights written by the PyTorch reference, training/make_golden.py):
 * the installed package gives the reference's output and carries the architecture's defaults.
 */
class PublishedArchitectureInstallTest {

	@TempDir
	Path tmp;

	/** Installs {@code checkpoint} of golden case {@code caseName} as {@code name}; returns the package folder. */
	private Path install(Golden g, String checkpoint, String arch, String name) throws Exception {
		Path config = tmp.resolve(name + ".json");
		Files.writeString(config, new org.yaml.snakeyaml.Yaml().dump(g.config()));
		try (CliSession cli = CliSession.in(tmp)) {
			int status = cli.run("install", g.dir().resolve(checkpoint).toString(),
					"--arch", arch, "--config", config.toString(), "--name", name, "--authors", "A. Author",
					"--license", "Apache-2.0", "--engine", "java");
			assertEquals(0, status, cli.err());
		}
		return tmp.resolve("user").resolve(name);
	}

	/** LightM-UNet trains in nnU-Net v2: checkpoint_final.pth with the weights under network_weights. */
	@Test
	void lightMUNetNnUNetCheckpoint() throws Exception {
		Golden g = Golden.load("lightmunet-c1");
		Path pkg = install(g, "checkpoint_final.pth", "lightm_unet", "lungs");
		String rdf = Files.readString(pkg.resolve("rdf.yaml"));
		assertTrue(rdf.contains("lightm_unet") && rdf.contains("zero_mean_unit_variance") && rdf.contains("2403.05246"),
			rdf);
		try (PackagedModel m = PackagedModel.load(pkg, "java")) {
			assertEquals(4, m.sizeMultiple());
			Golden.assertClose(g.output(), m.model().forward(g.input()), 1e-4, "installed LightM-UNet");
		}
	}

	/** Mamba-UNet's training script saves model.state_dict() as it is: keys mamba_unet.*, a 1-channel input. */
	@Test
	void mambaUNetStateDict() throws Exception {
		Golden g = Golden.load("mambaunet-c1");
		Path pkg = install(g, "mambaunet_best_model.pth", "mamba_unet", "hearts");
		String rdf = Files.readString(pkg.resolve("rdf.yaml"));
		assertTrue(rdf.contains("mamba_unet") && rdf.contains("scale_range") && rdf.contains("2402.05079"), rdf);
		try (PackagedModel m = PackagedModel.load(pkg, "java")) {
			assertEquals(32, m.sizeMultiple());
			Golden.assertClose(g.output(), m.model().forward(g.input()), 1e-4, "installed Mamba-UNet");
		}
	}
}

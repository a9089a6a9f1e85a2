package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.Golden;

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
		try (CliSession cli = CliSession.in(tmp)) {
			Main main = cli.main();
			int status = main.run("install", g.dir().resolve("checkpoint_final.pth").toString(), "--arch", arch,
				"--config", config.toString(), "--name", "my-swin-umamba", "--engine", "java");
			assertEquals(0, status, cli.err());
			assertTrue(cli.out().startsWith("installed\tmy-swin-umamba"));
			assertEquals(0, main.run("validate", "my-swin-umamba", "--engine", "java"), cli.err());
		}
		try (PackagedModel m = PackagedModel.load(tmp.resolve("user/my-swin-umamba"), "java")) {
			assertEquals(32, m.sizeMultiple());
			Golden.assertClose(g.output(), m.model().forward(g.input()), 1e-4, "installed " + arch);
		}
	}
}

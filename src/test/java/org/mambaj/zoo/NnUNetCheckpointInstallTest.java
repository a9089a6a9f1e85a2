package org.mambaj.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.Golden;

/**
 * A U-Mamba checkpoint as nnU-Net v2 saves it (checkpoint_final.pth: network_weights with the published duplicate
 * keys sharing storage, optimizer state, run info) installs with {@code --arch umamba_bot} and gives the golden output.
 */
class NnUNetCheckpointInstallTest {

	@TempDir
	Path tmp;

	@Test
	void uMambaBotCheckpointInstallsAndMatchesTheReference() throws Exception {
		Golden g = Golden.load("umamba-bot-small");
		Path config = tmp.resolve("config.json");
		Files.writeString(config, new org.yaml.snakeyaml.Yaml().dump(g.config()));
		Path pkg = tmp.resolve("umamba-bot");
		CheckpointPackager.write(new CheckpointPackager.Request(g.dir().resolve("checkpoint_final.pth"), "umamba_bot",
			config, "umamba-bot", List.of("A. Author"), "Apache-2.0", null, null, null), pkg);
		try (PackagedModel m = PackagedModel.load(pkg, "java")) {
			assertTrue(m.validate(1e-5) <= 1e-5);
			assertTrue(m.sizeMultiple() == 8, "size multiple from the config's strides: " + m.sizeMultiple());
			Golden.assertClose(g.output(), m.model().forward(g.input()), 1e-4, "installed U-Mamba Bot");
		}
	}
}

package org.mambaj.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.io.Checkpoints;
import org.mambaj.io.StateDict;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.Golden;

/**
 * A U-Mamba checkpoint as nnU-Net v2 saves it (checkpoint_final.pth: network_weights with the published duplicate
 * keys sharing storage, optimizer state, run info) installs with {@code --arch umamba_bot}, keeps each tensor once and
 * gives the golden output.
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
		// the published duplicate keys (all_modules.*, decoder.encoder.*) are in the checkpoint, once in the package
		Set<String> checkpointKeys = Checkpoints.tensors(g.dir().resolve("checkpoint_final.pth")).keySet();
		Set<String> packageKeys = StateDict.load(pkg.resolve("weights.safetensors")).keys();
		assertTrue(checkpointKeys.stream().anyMatch(k -> k.contains("all_modules.")), "the fixture has no copies");
		assertTrue(checkpointKeys.stream().anyMatch(k -> k.startsWith("decoder.encoder.")), "the fixture has no copies");
		assertTrue(packageKeys.stream().noneMatch(k -> k.contains("all_modules.") || k.startsWith("decoder.encoder.")),
			packageKeys.toString());
		assertTrue(checkpointKeys.containsAll(packageKeys) && packageKeys.size() < checkpointKeys.size());
		try (PackagedModel m = PackagedModel.load(pkg, "java")) {
			assertTrue(m.validate(1e-5) <= 1e-5);
			assertTrue(m.sizeMultiple() == 8, "size multiple from the config's strides: " + m.sizeMultiple());
			Golden.assertClose(g.output(), m.model().forward(g.input()), 1e-4, "installed U-Mamba Bot");
		}
	}
}

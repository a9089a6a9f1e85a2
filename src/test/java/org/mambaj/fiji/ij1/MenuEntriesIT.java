package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ij.Menus;

/** The jar's plugins.config puts the four entries under Plugins > MambaJ, each exactly once. */
class MenuEntriesIT {

	@BeforeAll
	static void startImageJ() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ImageJSession.start());
	}

	@Test
	void fourEntriesUnderPluginsMambaJ() {
		@SuppressWarnings("unchecked")
		Hashtable<String, String> commands = Menus.getCommands();
		Map<String, String> expected = Map.of(
			"MambaJ Classify...", ClassifyPlugin.class.getName(),
			"MambaJ Segment...", SegmentPlugin.class.getName(),
			"MambaJ Denoise...", DenoisePlugin.class.getName(),
			"MambaJ Models...", ModelsPlugin.class.getName());
		expected.forEach((label, className) -> assertEquals(className, commands.get(label), label));
		long ours = commands.values().stream().filter(c -> c.startsWith("org.mambaj.")).count();
		assertEquals(4, ours, "MambaJ entries in the menus (a SciJava menuPath would add more)");
	}
}

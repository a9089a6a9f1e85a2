package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10, item 8: temporaries of an interrupted run are deleted; those of a killed one are swept later. */
class LeftoversTest {

	@TempDir
	Path tmp;

	@Test
	void aStoppedProcessDeletesItsTemporaries() throws Exception {
		Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
			System.getProperty("java.class.path"), LeftoversChild.class.getName(), tmp.toString()).redirectErrorStream(true).start();
		try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			assertEquals("ready", out.readLine());
			assertEquals(1, listing().size(), "the temporary exists while the process runs: " + listing());
			p.destroy(); // SIGTERM: the same shutdown as Ctrl+C's SIGINT
			assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		}
		assertEquals(List.of(), listing(), "nothing left after the interrupt");
	}

	@Test
	void sweepRemovesOnlyTemporariesOfDeadProcesses() throws Exception {
		Path dead = Files.createDirectories(tmp.resolve(".model.part-99999999-3"));
		Files.writeString(dead.resolve("weights.safetensors"), "half");
		Path mine = Leftovers.beside(tmp.resolve("x.tif"), ".tif");
		Files.writeString(mine, "in progress");
		Path other = Files.writeString(tmp.resolve(".part-of-my-notes"), "keep");
		assertEquals(1, Leftovers.sweep(tmp));
		assertTrue(Files.exists(mine) && Files.exists(other));
		Leftovers.release(mine);
	}

	private List<String> listing() throws Exception {
		try (Stream<Path> s = Files.list(tmp)) {
			return s.map(p -> p.getFileName().toString()).toList();
		}
	}
}

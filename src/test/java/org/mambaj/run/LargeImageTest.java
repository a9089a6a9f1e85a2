package org.mambaj.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.testing.TestPackages;

/**
 * A 4096 x 4096 image is segmented tile by tile with the Java engine in a JVM limited to 768 MB of heap (an
 * OutOfMemoryError would fail the child process; the summed pool peaks it prints include garbage): the
 * image and its few whole-image buffers (64 MB each) fit, the network's working memory depends only on the tile.
 * Untiled, the first stage of this tiny VM-UNet alone would need several GB at this size.
 */
class LargeImageTest {

	static final int SIZE = Integer.getInteger("mambaj.large.size", 4096);

	@Test
	void largeImageRunsInBoundedMemory(@TempDir Path tmp) throws Exception {
		Path model = TestPackages.write(TestPackages.SEGMENTER, tmp);
		Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"--add-modules", "jdk.incubator.vector", "-Xmx768m", "-Djava.awt.headless=true",
			"-cp", System.getProperty("java.class.path"), LargeImageRun.class.getName(), model.toString(), String.valueOf(SIZE))
			.redirectErrorStream(true).start();
		assertTrue(p.waitFor(20, TimeUnit.MINUTES), "timed out");
		String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertEquals(0, p.exitValue(), output);
		String[] result = output.lines().filter(l -> l.startsWith("ok ")).findFirst().orElseThrow().split(" ");
		int tiles = Integer.parseInt(result[2]);
		assertTrue(tiles > 1, "ran in tiles: " + output);
		System.out.println("LargeImageTest " + SIZE + "x" + SIZE + ": " + result[1] + " s, " + tiles + " tiles, peak heap " + result[3] + " MB");
	}
}

package org.mambaj.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.image.Plane;
import org.mambaj.image.Progress;
import org.mambaj.testing.TestPackages;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;

/** The shared runner: cancellation between tiles, progress, and the checks made before any work. */
class ModelRunnerTest {

	@TempDir
	static Path tmp;
	static ModelRegistry registry;
	static ModelRunner runner;
	static String segmenter;

	@BeforeAll
	static void setUp() {
		registry = new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(), tmp.resolve("cache")), tmp.resolve("user"));
		runner = new ModelRunner(registry);
		segmenter = TestPackages.write(TestPackages.SEGMENTER, tmp).toString();
	}

	@AfterAll
	static void tearDown() {
		registry.close();
	}

	static Plane random(int h, int w) {
		Plane p = Plane.zeros(1, h, w);
		Random r = new Random(h * 31 + w);
		for (int i = 0; i < p.data().length; i++) p.data()[i] = r.nextFloat();
		return p;
	}

	@Test
	void cancellingStopsBetweenTiles() {
		AtomicLong tilesDone = new AtomicLong(), total = new AtomicLong();
		Progress cancelAfterFirstTile = new Progress() {
			@Override
			public void update(long done, long all) {
				tilesDone.set(done);
				total.set(all);
			}

			@Override
			public boolean isCancelled() {
				return tilesDone.get() >= 1;
			}
		};
		RunOptions options = RunOptions.of(segmenter).withEngine("java").withTiles(32, 4);
		assertThrows(Progress.CancelledException.class,
			() -> runner.segment(random(96, 96), options, SegmentOutput.MASK, cancelAfterFirstTile));
		assertEquals(1, tilesDone.get());
		assertTrue(total.get() > 1, "several tiles: " + total.get());
	}

	@Test
	void progressReachesTheTotal() throws Exception {
		long[] last = new long[2];
		Progress record = new Progress() {
			@Override
			public void update(long done, long all) {
				last[0] = done;
				last[1] = all;
			}
		};
		Segmentation s = runner.segment(random(70, 90), RunOptions.of(segmenter).withEngine("java").withTiles(32, 4),
			SegmentOutput.LABELS, record);
		assertEquals(last[1], last[0]);
		assertEquals(SegmentOutput.LABELS, s.kind());
		int max = 0;
		for (float v : s.plane().data()) max = Math.max(max, (int) v);
		assertEquals(max, s.count());
	}

	@Test
	void badSettingsAreNamed() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new RunOptions(segmenter, "java", "zscore", 1, 99, 0, -1))
			.getMessage().contains("normalize must be 'model' or 'percentile'"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> runner.segment(random(64, 64),
			RunOptions.of(segmenter).withEngine("java").withPercentiles(90, 10), SegmentOutput.MASK, Progress.NONE))
			.getMessage().contains("0 <= low < high <= 100"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> runner.segment(random(64, 64),
			RunOptions.of(segmenter).withEngine("java").withTiles(64, 40), SegmentOutput.MASK, Progress.NONE))
			.getMessage().contains("overlap 40"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> SegmentOutput.of("outlines")).getMessage()
			.contains("[auto, probabilities, mask, labels]"));
	}
}

package org.mambaj.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.core.Parallel;
import org.mambaj.image.Plane;
import org.mambaj.image.Progress;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.TestPackages;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;

/** Tiles at once come from the caller's threads, on the Java engine only, and change no result. */
class TilesAtOnceRunTest {

	@TempDir
	Path tmp;

	@Test
	void theCallersThreadsOnTheJavaEngineOneAtATimeOnTensorFlow() throws Exception {
		Path pkg = TestPackages.write(TestPackages.SEGMENTER, tmp);
		try (PackagedModel java = PackagedModel.load(pkg, "java"); PackagedModel tf = PackagedModel.load(pkg, "tensorflow");
			Parallel three = new Parallel(3))
		{
			assertEquals(3, (int) three.call(() -> TileSettings.tiler(java, 32, 4).tilesAtOnce()));
			assertEquals(1, (int) three.call(() -> TileSettings.tiler(tf, 32, 4).tilesAtOnce()));
			try (Parallel one = new Parallel(1)) {
				assertEquals(1, (int) one.call(() -> TileSettings.tiler(java, 32, 4).tilesAtOnce()));
			}
		}
	}

	@Test
	void aRunOnTwoThreadsGivesWhatOneThreadGives() throws Exception {
		String segmenter = TestPackages.write(TestPackages.SEGMENTER, tmp).toString();
		Plane image = ModelRunnerTest.random(100, 90);
		RunOptions options = RunOptions.of(segmenter).withEngine("java").withTiles(32, 4);
		try (ModelRegistry registry = new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(),
			tmp.resolve("cache")), tmp.resolve("user")); Parallel one = new Parallel(1); Parallel two = new Parallel(2))
		{
			ModelRunner runner = new ModelRunner(registry);
			float[] serial = one.call(() -> runner.segment(image, options, SegmentOutput.PROBABILITIES, Progress.NONE))
				.plane().data();
			float[] atOnce = two.call(() -> runner.segment(image, options, SegmentOutput.PROBABILITIES, Progress.NONE))
				.plane().data();
			assertArrayEquals(serial, atOnce);
		}
	}
}

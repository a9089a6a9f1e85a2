package org.mambaj.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.image.Plane;
import org.mambaj.image.PostProcessing;
import org.mambaj.image.Predictor;
import org.mambaj.image.Progress;
import org.mambaj.image.Raster;
import org.mambaj.image.Tiler;
import org.mambaj.testing.TestPackages;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;

/**
 * Results written tile band by tile band into compact images (8-bit masks, 16-bit labels from a byte class map)
 * equal the whole-image float pipeline's, and an 8-bit image read in its own type gives what its float copy gives.
 */
class CompactResultsTest {

	@TempDir
	static Path tmp;
	static ModelRegistry registry;
	static ModelRunner runner;

	@BeforeAll
	static void setUp() {
		registry = new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(), tmp.resolve("cache")), tmp.resolve("user"));
		runner = new ModelRunner(registry);
	}

	@AfterAll
	static void tearDown() {
		registry.close();
	}

	/** An 8-bit image with a few bright discs on a textured background, in its channels. */
	static Raster discs(int channels, int h, int w) {
		Random r = new Random(h * 7 + w);
		byte[][] px = new byte[channels][h * w];
		int[][] centres = new int[12][];
		for (int k = 0; k < centres.length; k++) centres[k] = new int[] { r.nextInt(h), r.nextInt(w), 4 + r.nextInt(7) };
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int v = 20 + r.nextInt(30);
				for (int[] c : centres) if (Math.hypot(y - c[0], x - c[1]) < c[2]) v = 180 + r.nextInt(60);
				for (int k = 0; k < channels; k++) px[k][y * w + x] = (byte) Math.min(255, v + 10 * k);
			}
		return Raster.bytes(h, w, px);
	}

	@Test
	void instanceLabelsAndMasksEqualTheWholeImagePipeline() throws Exception {
		String nuclei = TestPackages.write(TestPackages.NUCLEI, tmp).toString();
		Raster image = discs(3, 150, 170);
		RunOptions options = RunOptions.of(nuclei).withEngine("java").withTiles(64, 8);
		Segmentation labels = runner.segment(image, options, SegmentOutput.LABELS, Progress.NONE);
		assertEquals(Raster.Type.U16, labels.image().type());
		try (ModelRegistry.Lease lease = registry.use(nuclei, "java")) {
			Predictor p = lease.predictor();
			Tiler tiler = TileSettings.tiler(p.model(), 64, 8);
			Plane scores = p.scores(image.toPlane(), tiler, Progress.NONE);
			Plane expected = p.decide(scores);
			assertTrue(PostProcessing.countLabels(expected) > 1, "the test image has objects");
			assertArrayEquals(expected.data(), labels.plane().data());
			assertEquals(PostProcessing.countLabels(expected), labels.count());
			assertArrayEquals(expected.data(), runner.segment(image.toPlane(), options, SegmentOutput.LABELS, Progress.NONE).plane().data(),
				"the 8-bit image and its float copy give the same labels");
			Segmentation mask = runner.segment(image, options, SegmentOutput.MASK, Progress.NONE);
			assertEquals(Raster.Type.U8, mask.image().type());
			assertArrayEquals(PostProcessing.binarize(expected, 0).data(), mask.plane().data());
			Segmentation probabilities = runner.segment(image, options, SegmentOutput.PROBABILITIES, Progress.NONE);
			assertArrayEquals(scores.data(), probabilities.plane().data());
		}
	}

	@Test
	void binaryMasksEqualTheWholeImagePipeline() throws Exception {
		String segmenter = TestPackages.write(TestPackages.SEGMENTER, tmp).toString();
		Raster image = discs(1, 140, 100);
		RunOptions options = RunOptions.of(segmenter).withEngine("java").withTiles(32, 4);
		Segmentation mask = runner.segment(image, options, SegmentOutput.MASK, Progress.NONE);
		assertEquals(Raster.Type.U8, mask.image().type());
		try (ModelRegistry.Lease lease = registry.use(segmenter, "java")) {
			Predictor p = lease.predictor();
			Plane expected = p.decide(p.scores(image.toPlane(), TileSettings.tiler(p.model(), 32, 4), Progress.NONE));
			assertArrayEquals(expected.data(), mask.plane().data());
			assertEquals(PostProcessing.countLabels(PostProcessing.components(expected)), mask.count());
			Segmentation labels = runner.segment(image, options, SegmentOutput.LABELS, Progress.NONE);
			assertArrayEquals(PostProcessing.components(expected).data(), labels.plane().data());
		}
	}

	@Test
	void floatResultsShareOneArrayWithTheirPlane() throws Exception {
		String segmenter = TestPackages.write(TestPackages.SEGMENTER, tmp.resolve("again")).toString();
		Segmentation s = runner.segment(discs(1, 90, 80), RunOptions.of(segmenter).withEngine("java").withTiles(32, 4),
			SegmentOutput.PROBABILITIES, Progress.NONE);
		assertSame(s.plane().data(), s.plane().data(), "probabilities are not copied for the float view");
	}
}

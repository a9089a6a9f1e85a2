package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.mambaj.image.Predictor;
import org.mambaj.zoo.ModelRegistry;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;
import ij.process.ImageStatistics;

/**
 * Each command run from a macro, as a batch user runs it, on the tiny test models: output type, size,
 * dimensions, calibration and value range. The numbers are from untrained networks: only the plumbing is
 * checked here (the shipped models are checked in ShippedModelsIT).
 */
@ExtendWith(ImageJSession.Fresh.class)
class CommandsIT {

	static final Duration TIMEOUT = Duration.ofSeconds(180);

	@Test
	void segmentMaskOfAGreyImageKeepsSizeAndCalibration() {
		ImagePlus out = run("""
			newImage("cells", "16-bit ramp", 100, 70, 1);
			run("Properties...", "unit=mm pixel_width=0.5 pixel_height=0.5 voxel_depth=1");
			run("MambaJ Segment...", "model=tiny-segmenter engine=java output=mask");
			""");
		assertEquals("cells-mask", out.getTitle());
		assertEquals(8, out.getBitDepth());
		assertEquals(100, out.getWidth());
		assertEquals(70, out.getHeight());
		assertEquals(0.5, out.getCalibration().pixelWidth, 1e-9);
		assertEquals("mm", out.getCalibration().getUnit());
		ImageStatistics s = out.getStatistics();
		assertTrue(s.min >= 0 && s.max <= 255, "mask values 0 or 255");
	}

	@Test
	void segmentLabelsOfAnRgbImageAddsOneRoiPerObject() {
		RoiManager manager = RoiManager.getRoiManager();
		manager.reset();
		ImagePlus out = run("""
			newImage("rgb", "RGB noise", 96, 64, 1);
			run("MambaJ Segment...", "model=tiny-nuclei engine=java output=labels add_to_manager");
			""");
		assertEquals(16, out.getBitDepth());
		assertEquals(96, out.getWidth());
		int objects = (int) out.getStatistics().max;
		assertEquals(objects, manager.getCount(), "one ROI per label");
		manager.reset();
	}

	@Test
	void segmentProbabilitiesHaveOneChannelPerClass() {
		ImagePlus out = run("""
			newImage("rgb", "RGB noise", 64, 64, 1);
			run("MambaJ Segment...", "model=tiny-nuclei engine=java output=probabilities");
			""");
		assertEquals(32, out.getBitDepth());
		assertEquals(3, out.getNChannels(), "background, interior, boundary");
		for (int c = 1; c <= 3; c++) {
			out.setC(c);
			ImageStatistics s = out.getProcessor().getStats();
			assertTrue(s.min >= 0 && s.max <= 1, "probabilities in [0, 1]");
		}
	}

	@Test
	void denoiseHyperstackRunsEveryPlaneAndKeepsDimensions() {
		ImagePlus out = run("""
			newImage("stack", "16-bit noise", 40, 30, 2, 3, 2);
			run("Properties...", "unit=um pixel_width=0.2 pixel_height=0.2 voxel_depth=1.5");
			run("MambaJ Denoise...", "model=tiny-denoiser engine=java");
			""");
		assertEquals("stack-denoised", out.getTitle());
		assertEquals(32, out.getBitDepth());
		assertEquals(40, out.getWidth());
		assertEquals(30, out.getHeight());
		assertEquals(2, out.getNChannels());
		assertEquals(3, out.getNSlices());
		assertEquals(2, out.getNFrames());
		assertEquals(1.5, out.getCalibration().pixelDepth, 1e-9);
	}

	@Test
	void rgbModelTakesTheThreeChannelsOfACompositeTogether() {
		ImagePlus out = run("""
			newImage("composite", "8-bit noise", 64, 64, 3, 2, 1);
			run("MambaJ Segment...", "model=tiny-nuclei engine=java output=probabilities");
			""");
		assertEquals(3, out.getNChannels(), "one plane per slice gives 3 class channels, not 3 x 3");
		assertEquals(2, out.getNSlices());
	}

	@Test
	void classifyWritesOneRowPerPlane() {
		run("""
			newImage("xrays", "8-bit noise", 45, 37, 3);
			run("MambaJ Classify...", "model=tiny-classifier engine=java label_image");
			""");
		ResultsTable table = ResultsTable.getResultsTable(ClassifyPlugin.TABLE);
		assertEquals(3, table.size());
		for (int row = 0; row < 3; row++) {
			double sum = table.getValue("p_normal", row) + table.getValue("p_pneumonia", row);
			assertEquals(1, sum, 1e-4, "probabilities sum to 1");
			assertTrue(table.getStringValue("Class", row).matches("normal|pneumonia"));
		}
		ImagePlus xrays = WindowManager.getImage("xrays");
		assertTrue(String.valueOf(xrays.getProperty(ClassifyPlugin.PROPERTY)).matches("normal|pneumonia"));
		assertEquals(3, xrays.getOverlay().size());
		IJ.selectWindow(ClassifyPlugin.TABLE);
		IJ.run("Close");
	}

	@Test
	void segmentAutoGivesLabelsForAnInstanceModel() {
		ImagePlus out = run("""
			newImage("rgb", "RGB noise", 64, 64, 1);
			run("MambaJ Segment...", "model=tiny-nuclei engine=java");
			""");
		assertEquals("rgb-labels", out.getTitle());
		assertEquals(16, out.getBitDepth());
	}

	@Test
	void loadedModelIsReusedByTheNextRun() throws Exception {
		// the plugins ImageJ runs are this test's classes (parent-first loading), so they share its registry
		assertSame(DenoisePlugin.class, IJ.getClassLoader().loadClass(DenoisePlugin.class.getName()));
		Predictor loaded = ModelRegistry.shared().predictor("tiny-denoiser", "java");
		run("""
			newImage("a", "32-bit noise", 48, 40, 1);
			run("MambaJ Denoise...", "model=tiny-denoiser engine=java normalize=percentile low=2 high=98");
			""");
		assertSame(loaded, ModelRegistry.shared().predictor("tiny-denoiser", "java"), "the network is not loaded again");
	}

	@Test
	void modelsListsAndValidates() {
		assertTimeoutPreemptively(TIMEOUT, () -> {
			ImageJSession.macro("run(\"MambaJ Models...\", \"action=list\");");
			assertTrue(ImageJSession.log().contains("tiny-nuclei\tsegmentation"), ImageJSession.log());
			ResultsTable models = ResultsTable.getResultsTable(ModelsPlugin.TABLE);
			assertTrue(models.size() >= 4, "the four test packages");
			ImageJSession.macro("run(\"MambaJ Models...\", \"action=validate model=tiny-denoiser engine=java\");");
			assertTrue(ImageJSession.log().contains("tiny-denoiser: test outputs reproduced"), ImageJSession.log());
			IJ.selectWindow(ModelsPlugin.TABLE);
			IJ.run("Close");
		});
	}

	/** Runs the macro in batch mode, then shows its images; returns the one it left active. */
	static ImagePlus run(String macro) {
		return assertTimeoutPreemptively(TIMEOUT, () -> {
			String result = ImageJSession.macro("setBatchMode(true);\n" + macro +
				"\ntitle = getTitle();\nsetBatchMode(\"exit and display\");\nreturn title;");
				ImagePlus active = WindowManager.getImage(result);
			assertTrue(active != null, "no image titled " + result);
			return active;
		});
	}
}

package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.WindowManager;

/**
 * Bad requests end in MambaJ's error message (IJ.error, which aborts the calling macro) and change nothing:
 * no new window, the input's pixels and title as they were. IJ.error is redirected to the Log and the
 * interpreter's error, so no modal dialog can hang the test.
 */
@ExtendWith(ImageJSession.Fresh.class)
class BadInputIT {

	@TempDir
	static Path tmp;

	@Test
	void noImageOpen() {
		refused(null, "run(\"MambaJ Denoise...\", \"model=tiny-denoiser\");", "no image open");
	}

	@Test
	void onePixelImage() {
		refused("newImage(\"dot\", \"32-bit black\", 1, 1, 1);", "run(\"MambaJ Segment...\", \"model=tiny-segmenter output=mask\");", "at least 8x8");
	}

	@Test
	void indexedColourImage() {
		refused("newImage(\"lut\", \"RGB noise\", 64, 64, 1); run(\"8-bit Color\", \"number=16\");",
			"run(\"MambaJ Denoise...\", \"model=tiny-denoiser\");", "indexed");
	}

	@Test
	void modelOfAnotherTask() {
		refused("newImage(\"img\", \"8-bit ramp\", 64, 64, 1);",
			"run(\"MambaJ Segment...\", \"model=tiny-classifier output=mask\");", "classification model, not a segmentation model");
	}

	@Test
	void missingModel() {
		String absent = tmp.resolve("absent-model").toString();
		refused("newImage(\"img\", \"8-bit ramp\", 64, 64, 1);",
			"run(\"MambaJ Denoise...\", \"model=[" + absent + "]\");", "absent-model");
	}

	@Test
	void corruptModel() throws Exception {
		Path broken = Files.createDirectories(tmp.resolve("broken"));
		Files.writeString(broken.resolve("rdf.yaml"), "name: [unclosed\n");
		refused("newImage(\"img\", \"8-bit ramp\", 64, 64, 1);",
			"run(\"MambaJ Denoise...\", \"model=[" + broken + "]\");", "rdf.yaml");
	}

	@Test
	void tileSmallerThanTheModelsMinimum() {
		refused("newImage(\"img\", \"8-bit ramp\", 64, 64, 1);",
			"run(\"MambaJ Segment...\", \"model=tiny-segmenter output=mask tile=16\");", "smaller than the minimum");
	}

	@Test
	void twoChannelImageIsNotAnErrorForAGreyModel() {
		// a grey model takes each channel of a 2-channel image in turn
		ImageJSession.macro("newImage(\"two\", \"8-bit ramp\", 45, 37, 2, 1, 1);");
		ImageJSession.MacroRun run = ImageJSession.attempt("run(\"MambaJ Classify...\", \"model=tiny-classifier\");", "");
		assertNull(run.error(), run.error());
		assertEquals(2, ij.measure.ResultsTable.getResultsTable(ClassifyPlugin.TABLE).size());
		ImageJSession.macro("close(\"" + ClassifyPlugin.TABLE + "\");");
	}

	/**
	 * Runs {@code setup} (may be null), then {@code command}; expects a MambaJ error containing {@code expected}
	 * and the images as they were.
	 */
	static void refused(String setup, String command, String expected) {
		assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
			if (setup != null) ImageJSession.macro(setup);
			int[] before = ImageJSession.ids();
			ImagePlus input = WindowManager.getCurrentImage();
			Object pixels = input == null ? null : copy(input.getProcessor().getPixels());
			ImageJSession.MacroRun run = ImageJSession.attempt(command, "");
			assertNotNull(run.error(), "no error for " + command);
			assertTrue(run.error().toLowerCase().contains(expected.toLowerCase()), "error '" + run.error() + "' should mention '" + expected + "'");
			assertTrue(ImageJSession.closeModalDialogs().isEmpty(), "a modal dialog was left open");
			assertArrayEquals(before, ImageJSession.ids(), "no window opened or closed");
			if (input != null) assertPixelsEqual(pixels, input.getProcessor().getPixels());
		});
	}

	private static Object copy(Object pixels) {
		if (pixels instanceof byte[] b) return b.clone();
		if (pixels instanceof short[] s) return s.clone();
		if (pixels instanceof float[] f) return f.clone();
		return ((int[]) pixels).clone();
	}

	private static void assertPixelsEqual(Object a, Object b) {
		boolean same = a instanceof byte[] x ? Arrays.equals(x, (byte[]) b) : a instanceof short[] y ? Arrays.equals(y, (short[]) b)
			: a instanceof float[] z ? Arrays.equals(z, (float[]) b) : Arrays.equals((int[]) a, (int[]) b);
		assertEquals(true, same, "the input's pixels changed");
	}
}

package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;

/**
 * The example macros of macros/ run on the sample images, here with the tiny test models (given as the
 * macro's model= argument) so they need no trained package; ShippedModelsIT runs them with the real ones.
 */
@ExtendWith(ImageJSession.Fresh.class)
class MacrosIT {

	static final Path ROOT = Path.of(System.getProperty("mambaj.root", "."));
	static final String SAMPLES = ROOT.resolve("sample-images").toAbsolutePath().toString();

	@TempDir
	Path tmp;

	@Test
	void segmentNuclei() {
		run("segment_nuclei.ijm", "model=tiny-nuclei");
		assertTrue(ImageJSession.log().contains(" nuclei in 175dbb364bfe_fluorescence.png, "), ImageJSession.log());
		ImagePlus labels = WindowManager.getImage("175dbb364bfe_fluorescence-labels");
		assertEquals(16, labels.getBitDepth());
		assertEquals(696, labels.getWidth());
	}

	@Test
	void segmentVessels() {
		run("segment_vessels.ijm", "model=tiny-segmenter tile=256");
		assertMaskOf("retina.jpg", "retina", 1411);
	}

	/** The EM macro works on the open image: a greyscale one here (MambaJ ships no EM sample). */
	@Test
	void segmentMembranesOfTheOpenImage() {
		ImagePlus em = IJ.createImage("slice-07", "8-bit noise", 96, 80, 1);
		em.show();
		run("segment_membranes.ijm", "model=tiny-segmenter tile=64");
		assertMaskOf("slice-07", "slice-07", 96);
	}

	/** A mask macro's result: "... % of {@code image}" in the Log and an 8-bit {@code title}-mask as wide as the image. */
	private static void assertMaskOf(String image, String title, int width) {
		assertTrue(ImageJSession.log().contains("% of " + image), ImageJSession.log());
		ImagePlus mask = WindowManager.getImage(title + "-mask");
		assertEquals(8, mask.getBitDepth());
		assertEquals(width, mask.getWidth());
	}

	@Test
	void segmentMembranesWithNoImageSaysSo() {
		run("segment_membranes.ijm", "model=tiny-segmenter");
		assertTrue(ImageJSession.log().contains("open a serial-section EM image first"), ImageJSession.log());
	}

	@Test
	void denoise() {
		run("denoise.ijm", "model=tiny-denoiser tile=128");
		assertTrue(ImageJSession.log().contains("cell-denoised 550x660, 32-bit"), ImageJSession.log());
	}

	@Test
	void classify() {
		run("classify.ijm", "model=tiny-classifier");
		assertTrue(ImageJSession.log().matches("(?s).*train_3_pneumonia.png is (normal|pneumonia) \\(p = .*"), ImageJSession.log());
		IJ.selectWindow(ClassifyPlugin.TABLE);
		IJ.run("Close");
	}

	@Test
	void batchSegmentFolderSavesTiffs() throws Exception {
		Path input = Files.createDirectories(tmp.resolve("in")), output = Files.createDirectories(tmp.resolve("out"));
		for (String name : List.of("ihc.png", "cell.png"))
			Files.copy(Path.of(SAMPLES, "skimage", name), input.resolve(name));
		run("batch_segment_folder.ijm", "input=" + input + " output=" + output + " model=tiny-nuclei");
		try (Stream<Path> files = Files.list(output)) {
			assertEquals(List.of("cell-labels.tif", "ihc-labels.tif"),
				files.map(p -> p.getFileName().toString()).sorted().toList());
		}
		ImagePlus saved = IJ.openImage(output.resolve("cell-labels.tif").toString());
		assertEquals(16, saved.getBitDepth());
		assertEquals(550, saved.getWidth());
		assertTrue(ImageJSession.log().contains("2 images segmented"), ImageJSession.log());
	}

	/** Runs macros/{@code name} with the sample folder and {@code options} as its argument. */
	static void run(String name, String options) {
		run(name, options, Duration.ofSeconds(300));
	}

	static void run(String name, String options, Duration timeout) {
		assertTimeoutPreemptively(timeout, () -> {
			ImageJSession.macroFile(ROOT.resolve("macros").resolve(name), "samples=" + SAMPLES + " " + options);
		});
	}
}

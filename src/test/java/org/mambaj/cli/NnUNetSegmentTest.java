package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.io.Npy;

import ij.IJ;
import ij.ImagePlus;

/**
 * {@code mambaj segment --model NNUNET_RESULTS_FOLDER image.tif} and {@code mambaj install NNUNET_RESULTS_FOLDER}:
 * a synthetic nnU-Net v2 results folder runs end to end and writes nnU-Net's label map (as the PyTorch
 * re-implementation in training/nnunet_ref.py computes it) for an 8-bit TIFF.
 */
class NnUNetSegmentTest {

	@TempDir
	Path tmp;

	static Path bot() throws Exception {
		return Paths.get(NnUNetSegmentTest.class.getResource("/nnunet/bot-old-layout").toURI());
	}

	/** bot-old-layout: nnU-Net's label map; bot-cells (background, interior, boundary): one label per cell. */
	@ParameterizedTest
	@ValueSource(strings = { "bot-old-layout", "bot-cells" })
	void segmentsWithAResultsFolderAndAfterInstallingIt(String name) throws Exception {
		Path dir = Paths.get(NnUNetSegmentTest.class.getResource("/nnunet/" + name).toURI());
		Path want = dir.resolve("instances.npy");
		float[] expected = Npy.read(Files.exists(want) ? want : dir.resolve("labels.npy")).data();
		try (CliSession cli = CliSession.in(tmp)) {
			int status = cli.run("segment", "--model", dir.resolve("results").toString(), "--output",
				tmp.resolve("direct").toString(), "--engine", "java", dir.resolve("image.tif").toString());
			assertEquals(0, status, cli.err());
			assertLabels(expected, tmp.resolve("direct/image_labels.tif"));

			status = cli.run("install", dir.resolve("results").toString(), "--fold", "0", "--name", "cells",
				"--authors", "A. Author", "--license", "MIT");
			assertEquals(0, status, cli.err());
			assertTrue(cli.out().contains("installed\tcells"), cli.out());
			assertTrue(Files.readString(tmp.resolve("user/cells/rdf.yaml")).contains("nnunet:"));
			status = cli.run("segment", "--model", "cells", "--output", tmp.resolve("installed").toString(),
				"--engine", "java", dir.resolve("image.tif").toString());
			assertEquals(0, status, cli.err());
			assertLabels(expected, tmp.resolve("installed/image_labels.tif"));
		}
	}

	@Test
	void aMissingFoldIsNamed() throws Exception {
		try (CliSession cli = CliSession.in(tmp)) {
			int status = cli.run("install", bot().resolve("results").toString(), "--fold", "4");
			assertEquals(1, status);
			assertTrue(cli.err().contains("fold_4"), cli.err());
		}
	}

	@Test
	void tileOptionsAreRefusedForNnUNetModels() throws Exception {
		try (CliSession cli = CliSession.in(tmp)) {
			int status = cli.run("segment", "--model", bot().resolve("results").toString(), "--tile", "64",
				"--engine", "java", bot().resolve("image.tif").toString());
			assertEquals(1, status);
			assertTrue(cli.err().contains("patch"), cli.err());
		}
	}

	private static void assertLabels(float[] expected, Path tif) {
		ImagePlus imp = IJ.openImage(tif.toString());
		assertTrue(imp != null, "no image written at " + tif);
		float[] actual = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
		assertEquals(expected.length, actual.length);
		int differing = 0;
		for (int i = 0; i < expected.length; i++) if (expected[i] != actual[i]) differing++;
		assertEquals(0, differing, "label pixels differing from nnU-Net's in " + tif);
	}
}

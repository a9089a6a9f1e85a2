package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.image.Plane;
import org.mambaj.image.Predictor;
import org.mambaj.image.Progress;
import org.mambaj.image.Tiler;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.BioimageioModelCheck;
import org.mambaj.testing.Golden;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

/**
 * A MambaIR super-resolution checkpoint as BasicSR publishes it ({@code net_g.pth} with params and params_ema,
 * random weights here) installed with its SR config, then run by {@code mambaj denoise}: the result is upscale
 * times the image, whole or tiled.
 */
class SuperResolutionCliTest {

	static final String CONFIG = "{\"in_chans\": 1, \"upsampler\": \"pixelshuffledirect\", \"upscale\": 3, \"embed_dim\": 30," +
		" \"depths\": [1, 1], \"d_state\": 8, \"mlp_ratio\": 1.2, \"img_range\": 1.0}";

	@TempDir
	Path tmp;

	CliSession cli;

	@BeforeEach
	void setUp() {
		cli = CliSession.in(tmp);
	}

	@AfterEach
	void tearDown() {
		cli.close();
	}

	int run(String... args) {
		return cli.run(args);
	}

	String err() {
		return cli.err();
	}

	Path checkpoint() {
		return Golden.root().resolve("mambair-lightsr3-c1/net_g.pth");
	}

	Path install(String config) throws Exception {
		Path cfg = Files.writeString(tmp.resolve("sr.json"), config);
		assertEquals(0, run("install", checkpoint().toString(), "--arch", "mambair", "--config", cfg.toString(), "--name",
			"sr-x3", "--license", "Apache-2.0", "--authors", "Test Author", "--engine", "java"), err());
		return tmp.resolve("user/sr-x3");
	}

	@Test
	void installedSuperResolutionCheckpointDenoisesIntoAnImageThreeTimesLarger() throws Exception {
		Path pkg = install(CONFIG);
		String rdf = Files.readString(pkg.resolve("rdf.yaml"));
		assertTrue(rdf.contains("scale: 0.333"), "output axes must be 3x the input's: " + rdf);
		assertEquals(List.of(), BioimageioModelCheck.problems(pkg), "bioimage.io 0.5 schema and rules");
		assertEquals(0, run("validate", "sr-x3", "--engine", "java"), err());

		ImagePlus small = MainTest.grey(21, 17, 5);
		small.getCalibration().pixelWidth = 0.6;
		small.getCalibration().pixelHeight = 0.6;
		small.getCalibration().setUnit("micron");
		Path img = tmp.resolve("small.tif");
		assertTrue(new FileSaver(small).saveAsTiff(img.toString()));
		assertEquals(0, run("denoise", "--model", "sr-x3", "--engine", "java", img.toString(), "--output",
			tmp.resolve("o").toString()), err());
		ImagePlus sr = IJ.openImage(tmp.resolve("o/small_denoised.tif").toString());
		assertEquals(32, sr.getBitDepth());
		assertEquals(63, sr.getWidth());
		assertEquals(51, sr.getHeight());
		assertEquals(0.2, sr.getCalibration().pixelWidth, 1e-6); // TIFF stores a rational resolution
		assertEquals("micron", sr.getCalibration().getUnit());

		// tiled (tiles and overlaps in input pixels): still 3x
		Path big = tmp.resolve("big.tif");
		assertTrue(new FileSaver(MainTest.grey(45, 33, 6)).saveAsTiff(big.toString()));
		assertEquals(0, run("denoise", "--model", "sr-x3", "--engine", "java", "--tile", "16", "--overlap", "4",
			big.toString(), "--output", tmp.resolve("o").toString()), err());
		ImagePlus tiled = IJ.openImage(tmp.resolve("o/big_denoised.tif").toString());
		assertEquals(135, tiled.getWidth());
		assertEquals(99, tiled.getHeight());
	}

	@Test
	void theInstalledNetworkIsParamsEmaAndMatchesTheReference() throws Exception {
		Path pkg = install(CONFIG);
		Golden g = Golden.load("mambair-lightsr3-c1");
		try (PackagedModel m = PackagedModel.load(pkg, "java")) {
			assertEquals(3, m.outputScale());
			// net_g.pth holds params (halved) and params_ema (the golden weights): BasicSR releases run params_ema
			Golden.assertClose(g.output(), m.forward(g.input()), 1e-4, "installed sr-x3");
			var e = assertThrows(IllegalArgumentException.class, () -> new Predictor(m).scores(
				new Plane(new float[16 * 16], 1, 16, 16), new Tiler(64, 0, 1), Progress.NONE));
			assertTrue(e.getMessage().contains("3 times its input") && e.getMessage().contains("1 times"), e.getMessage());
		}
	}

	@Test
	void aSuperResolutionCheckpointWithoutItsUpsamplerIsRefusedWithTheFix() throws Exception {
		Path cfg = Files.writeString(tmp.resolve("plain.json"), "{\"in_chans\": 1, \"embed_dim\": 30, \"depths\": [1, 1]," +
			" \"d_state\": 8, \"mlp_ratio\": 1.2}");
		assertEquals(1, run("install", checkpoint().toString(), "--arch", "mambair", "--config", cfg.toString(),
			"--name", "sr-bad"));
		assertTrue(err().contains("upsample") && err().contains("pixelshuffledirect"), err());
		assertFalse(Files.exists(tmp.resolve("user/sr-bad")));

		Path bad = Files.writeString(tmp.resolve("bad.json"), CONFIG.replace("\"upscale\": 3", "\"upscale\": 5")
			.replace("pixelshuffledirect", "pixelshuffle"));
		assertEquals(1, run("install", checkpoint().toString(), "--arch", "mambair", "--config", bad.toString(),
			"--name", "sr-bad"));
		assertTrue(err().contains("'upscale' 2, 4, 8, 16 and 3") && err().contains("got 5"), err());
	}
}

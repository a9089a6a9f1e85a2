package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.testing.TestPackages;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

class MainTest {

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

	String out() {
		return cli.out();
	}

	String err() {
		return cli.err();
	}

	static ImagePlus grey(int w, int h, long seed) {
		byte[] px = new byte[w * h];
		new Random(seed).nextBytes(px);
		return new ImagePlus("grey", new ByteProcessor(w, h, px));
	}

	Path images() throws Exception {
		Path folder = Files.createDirectories(tmp.resolve("images"));
		ImagePlus tif = grey(70, 50, 1);
		tif.getCalibration().pixelWidth = 0.5;
		tif.getCalibration().pixelHeight = 0.5;
		tif.getCalibration().setUnit("micron");
		assertTrue(new FileSaver(tif).saveAsTiff(folder.resolve("a.tif").toString()));
		assertTrue(new FileSaver(grey(40, 64, 2)).saveAsPng(folder.resolve("b.png").toString()));
		Files.writeString(folder.resolve("notes.txt"), "not an image");
		return folder;
	}

	List<String> listing(Path folder) throws Exception {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void segmentsAFolderWritingOneTiffPerImage() throws Exception {
		Path seg = TestPackages.write(TestPackages.SEGMENTER, tmp);
		Path results = tmp.resolve("results");
		assertEquals(0, run("segment", "--model", seg.toString(), "--engine", "java", images().toString(), "--output", results.toString()), err());
		assertEquals(List.of("a_mask.tif", "b_mask.tif"), listing(results), "no temporary files left");
		String[] lines = out().strip().split("\n");
		assertEquals(2, lines.length, out());
		assertTrue(lines[0].contains("a.tif") && lines[0].contains("objects"), lines[0]);
		ImagePlus a = IJ.openImage(results.resolve("a_mask.tif").toString());
		assertEquals(70, a.getWidth());
		assertEquals(50, a.getHeight());
		assertEquals(0.5, a.getCalibration().pixelWidth, 1e-9, "calibration kept");
		assertEquals("micron", a.getCalibration().getUnit());
		for (int i = 0; i < 70 * 50; i++) {
			int v = a.getProcessor().get(i);
			assertTrue(v == 0 || v == 255, "binary mask value " + v);
		}
	}

	@Test
	void aFolderOnTwoThreadsRunsTwoImagesAtOnceWithTheSameResults() throws Exception {
		Path nuclei = TestPackages.write(TestPackages.NUCLEI, tmp);
		Path folder = images();
		for (String threads : new String[] { "1", "2" })
			assertEquals(0, run("segment", "--model", nuclei.toString(), "--engine", "java", "--kind", "probabilities",
				"--threads", threads, folder.toString(), "--output", tmp.resolve("t" + threads).toString()), err());
		String[] lines = out().strip().split("\n");
		assertEquals(4, lines.length, out());
		assertTrue(lines[2].contains("a.tif") && lines[3].contains("b.png"), "printed in the folder's order: " + out());
		for (String name : List.of("a_probabilities.tif", "b_probabilities.tif")) {
			float[] one = (float[]) IJ.openImage(tmp.resolve("t1/" + name).toString()).getStack().getPixels(2);
			float[] two = (float[]) IJ.openImage(tmp.resolve("t2/" + name).toString()).getStack().getPixels(2);
			assertArrayEquals(one, two, name + ": the same bits on one thread and two images at once");
		}
	}

	@Test
	void labelsAre16BitAndProbabilities32Bit() throws Exception {
		Path nuclei = TestPackages.write(TestPackages.NUCLEI, tmp);
		Path rgb = tmp.resolve("rgb.png");
		ColorProcessor cp = new ColorProcessor(48, 40);
		Random r = new Random(3);
		for (int i = 0; i < 48 * 40; i++) cp.set(i, r.nextInt(1 << 24));
		assertTrue(new FileSaver(new ImagePlus("rgb", cp)).saveAsPng(rgb.toString()));
		assertEquals(0, run("segment", "--model", nuclei.toString(), "--engine", "java", "--kind", "labels", rgb.toString(),
			"--output", tmp.resolve("o").toString()), err());
		ImagePlus labels = IJ.openImage(tmp.resolve("o/rgb_labels.tif").toString());
		assertEquals(16, labels.getBitDepth());
		assertTrue(out().contains((int) labels.getProcessor().getStatistics().max + " objects"), out());
		assertEquals(0, run("segment", "--model", nuclei.toString(), "--engine", "java", "--kind=probabilities", rgb.toString(),
			"--output", tmp.resolve("o").toString()), err());
		ImagePlus p = IJ.openImage(tmp.resolve("o/rgb_probabilities.tif").toString());
		assertEquals(32, p.getBitDepth());
		assertEquals(3, p.getStackSize(), "one slice per class");
	}

	@Test
	void classifiesAndWritesATable() throws Exception {
		Path cls = TestPackages.write(TestPackages.CLASSIFIER, tmp);
		assertEquals(0, run("classify", "--model", cls.toString(), "--engine", "java", images().toString(), "--output", tmp.resolve("o").toString()), err());
		String[] lines = out().strip().split("\n");
		assertEquals(2, lines.length);
		for (String line : lines) {
			String[] f = line.split("\t");
			assertTrue(f[1].equals("normal") || f[1].equals("pneumonia"), line);
			double p0 = Double.parseDouble(f[2].split("=")[1]), p1 = Double.parseDouble(f[3].split("=")[1]);
			assertEquals(1, p0 + p1, 2e-4);
		}
		assertEquals(out(), Files.readString(tmp.resolve("o/classes.tsv")));
	}

	@Test
	void denoisesIntoA32BitImageOfTheSameSize() throws Exception {
		Path den = TestPackages.write(TestPackages.DENOISER, tmp);
		Path img = tmp.resolve("small.tif");
		new FileSaver(grey(24, 20, 4)).saveAsTiff(img.toString());
		assertEquals(0, run("denoise", "--model", den.toString(), "--engine", "java", img.toString(), "--output", tmp.resolve("o").toString()), err());
		ImagePlus d = IJ.openImage(tmp.resolve("o/small_denoised.tif").toString());
		assertEquals(32, d.getBitDepth());
		assertEquals(24, d.getWidth());
		assertEquals(20, d.getHeight());
	}

	@Test
	void validatesInstallsAndLists() throws Exception {
		Path cls = TestPackages.write(TestPackages.CLASSIFIER, tmp.resolve("downloads"));
		assertEquals(0, run("validate", "--model", cls.toString(), "--engine", "java"), err());
		assertTrue(out().contains("valid"));
		assertEquals(0, run("install", cls.toString()), err());
		assertEquals(0, run("models"), err());
		assertTrue(out().contains("tiny-classifier\tclassification\tuser"), out());
		assertEquals(0, run("validate", "--model", "tiny-classifier", "--engine", "java"), err());
	}

	@Test
	void aboutAndVersionPrintTheSameReport() throws Exception {
		TestPackages.write(TestPackages.CLASSIFIER, tmp.resolve("user"));
		assertEquals(0, run("about", "--threads", "3"), err());
		String about = out();
		assertTrue(about.startsWith("MambaJ " + org.mambaj.run.About.version() + "\n"), about);
		assertFalse(about.contains("MambaJ unknown"), "the version comes from the build: " + about);
		assertTrue(about.contains("Threads: 3 (--threads)"), about);
		assertTrue(about.contains("Java kernels: " + org.mambaj.core.Kernels.best().name()), about);
		assertTrue(about.contains("Models folder: " + tmp.resolve("user")), about);
		assertTrue(about.contains("tiny-classifier  classification  user"), about);
		cli.clear();
		assertEquals(0, run("--version", "--threads", "3"), err());
		assertEquals(about.replaceAll("max memory \\d+", ""), out().replaceAll("max memory \\d+", ""));
	}

	@Test
	void threadsMustBeAPositiveWholeNumber() throws Exception {
		assertEquals(2, run("about", "--threads", "0"));
		assertTrue(err().contains("--threads must be a whole number of at least 1"), err());
		assertEquals(2, run("about", "--threads", "1.5"));
		Path seg = TestPackages.write(TestPackages.SEGMENTER, tmp);
		assertEquals(0, run("segment", "--model", seg.toString(), "--threads", "1", images().toString()), err());
	}

	@Test
	void badCommandLinesExitWithTwoAndTheUsage() {
		assertEquals(2, run("paint"));
		assertTrue(err().contains("unknown command 'paint'") && err().contains("usage:"), err());
		assertEquals(2, run("segment", "x.png"));
		assertTrue(err().contains("needs --model"), err());
		assertEquals(2, run("segment", "--model"));
		assertEquals(2, run("segment", "--model", "m", "--tile", "big", "x.png"));
		assertTrue(err().contains("--tile must be a number"), err());
		assertEquals(2, run("segment", "--colour", "red"));
	}

	@Test
	void badInputsExitWithOneNamingTheProblemAndWriteNothing() throws Exception {
		Path seg = TestPackages.write(TestPackages.SEGMENTER, tmp);
		Path o = tmp.resolve("o");
		assertEquals(1, run("segment", "--model", "nuclei", images().toString(), "--output", o.toString()));
		assertTrue(err().contains("no model 'nuclei'"), err());
		assertEquals(1, run("segment", "--model", seg.toString(), tmp.resolve("missing.png").toString()));
		assertTrue(err().contains("missing.png"), err());
		assertEquals(1, run("segment", "--model", seg.toString(), "--tile", "8", images().resolve("a.tif").toString(), "--output", o.toString()));
		assertTrue(err().contains("tile 8 is smaller"), err());
		Path broken = Files.writeString(tmp.resolve("images/c.png"), "not a png");
		assertEquals(1, run("segment", "--model", seg.toString(), "--engine", "java", images().toString(), "--output", o.toString()));
		assertTrue(err().contains(broken.toString()), err());
		assertEquals(List.of("a_mask.tif", "b_mask.tif"), listing(o), "good images written, nothing for the broken one");
	}

	@Test
	void mainExitsWithTheStatus() throws Exception {
		Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
			System.getProperty("java.class.path"), Main.class.getName(), "segment", "--model", tmp.resolve("none").toString(),
			tmp.toString()).redirectErrorStream(true).start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertEquals(1, p.exitValue(), output);
		assertTrue(output.contains("mambaj: error:") || output.contains("no model"), output);
		assertNotNull(output);
		assertFalse(output.contains("Exception in thread"), output);
	}
}

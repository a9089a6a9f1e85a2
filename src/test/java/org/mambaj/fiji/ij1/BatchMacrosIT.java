package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.run.About;
import org.mambaj.testing.ForkedJava;
import org.mambaj.testing.TestPackages;

/**
 * Macros run as Fiji users run them on servers: {@code ImageJ -batch macro.ijm}, a plain ImageJ 1.x with the
 * update site's files (target/update-site) installed into its folder, and only what Fiji has on the class path.
 * The batch run must see what the GUI sees: the ROIs in the macro's ROI Manager, the images, the tables.
 */
class BatchMacrosIT {

	static final Path TARGET = Path.of(System.getProperty("mambaj.target", "target"));
	static final String VECTOR = "--add-modules=jdk.incubator.vector";
	static final Pattern NUCLEI = Pattern.compile("MambaJ: (\\d+) nuclei in 175dbb364bfe_fluorescence.png, (\\d+) ROIs");

	@TempDir
	Path tmp;

	Path app;

	@BeforeEach
	void installUpdateSite() throws IOException {
		if (GraphicsEnvironment.isHeadless()) fail("ImageJ -batch needs a display for its menus: run under xvfb-run -a");
		app = tmp.resolve("ImageJ.app");
		Path site = TARGET.resolve("update-site");
		try (Stream<Path> files = Files.walk(site)) {
			for (Path f : files.filter(Files::isRegularFile).toList()) {
				Path to = app.resolve(site.relativize(f).toString());
				Files.createDirectories(to.getParent());
				Files.copy(f, to);
			}
		}
		// Edit > Options > Memory & Threads, as ImageJ saves it
		Path prefs = Files.createDirectories(tmp.resolve("home/.imagej"));
		Files.writeString(prefs.resolve("IJ_Prefs.txt"), "threads=1\n");
	}

	@Test
	void segmentInBatchModeFillsTheMacrosRoiManager() throws Exception {
		String out = batch("""
			run("Nuclei - 175dbb364bfe_fluorescence.png (MambaJ)");
			run("MambaJ Segment...", "model=nuclei output=labels add_to_manager");
			getStatistics(area, mean, min, max);
			print("labels=" + max + " rois=" + roiManager("count") + " images=" + nImages);
			roiManager("reset");
			selectImage("175dbb364bfe_fluorescence.png");
			run("MambaJ Segment...", "model=nuclei output=mask add_to_manager");
			print("mask rois=" + roiManager("count") + " images=" + nImages);
			""", List.of(), "");
		Matcher m = Pattern.compile("labels=(\\d+) rois=(\\d+) images=2").matcher(out);
		assertTrue(m.find(), out);
		int labels = Integer.parseInt(m.group(1));
		assertEquals(labels, Integer.parseInt(m.group(2)), "one ROI per object: " + out);
		assertTrue(labels >= 30 && labels <= 1500, "plausible nuclei count on the DSB 2018 fluorescence sample: " + labels);
		assertTrue(Pattern.compile("mask rois=[1-9]\\d* images=3").matcher(out).find(), out);
		// stock Fiji has no vector module: the Log says so once, with the fix, however many runs
		assertEquals(1, count(out, About.VECTOR_FIX), out);
	}

	@Test
	void anErrorStopsTheBatchMacroWithItsMessageInsteadOfADialog() throws Exception {
		String out = batch("""
			newImage("x", "8-bit random", 64, 64, 1);
			run("MambaJ Segment...", "model=no-such-model");
			print("not reached");
			""", List.of(VECTOR), "");
		assertTrue(out.contains("MambaJ: no model 'no-such-model'"), out);
		assertFalse(out.contains("not reached"), out);
	}

	@Test
	void exampleMacrosRunAsShippedWithSamplesFromTheJar() throws Exception {
		Path models = Files.createDirectories(tmp.resolve("test-models"));
		Path vessels = TestPackages.write(TestPackages.SEGMENTER, models);
		String examples = app.resolve("scripts/Plugins/MambaJ/Examples").toString();
		String out = batch("""
			dir = "%s/";
			runMacro(dir + "Segment_Nuclei.ijm");
			runMacro(dir + "Classify_Image.ijm");
			runMacro(dir + "Segment_Vessels.ijm", "model=%s tile=256");
			run("About MambaJ");
			""".formatted(examples, vessels), List.of(VECTOR), "");
		Matcher m = NUCLEI.matcher(out);
		assertTrue(m.find(), out);
		assertEquals(m.group(1), m.group(2), "one ROI per nucleus in -batch: " + out);
		assertTrue(Integer.parseInt(m.group(1)) > 0, out);
		assertTrue(Pattern.compile("MambaJ: train_3_pneumonia.png is pneumonia \\(p = ").matcher(out).find(), out);
		assertTrue(out.contains("% of retina.jpg"), out);
		// About in the Log: the version, the vector kernels, and the thread count from ImageJ's preferences
		assertTrue(out.contains("MambaJ " + About.version()), out);
		assertTrue(out.contains("Threads: 1 (Edit > Options > Memory & Threads)"), out);
		assertTrue(out.contains("Java kernels: java-vector"), out);
		assertEquals(0, count(out, About.VECTOR_FIX), "no notice with the vector module: " + out);
	}

	/** Runs {@code macro} with ImageJ -batch in a fresh JVM; returns its output (the Log goes to stdout). */
	private String batch(String macro, List<String> jvmArgs, String argument) throws Exception {
		Path file = tmp.resolve("test.ijm");
		Files.writeString(file, macro);
		List<String> args = new ArrayList<>(jvmArgs);
		args.addAll(List.of("-Dplugins.dir=" + app, "-Duser.home=" + tmp.resolve("home"), "-Xss4m"));
		List<String> ijArgs = new ArrayList<>(List.of("-batch", file.toString()));
		if (!argument.isEmpty()) ijArgs.add(argument);
		ForkedJava.Result r = ForkedJava.run(args,
			ForkedJava.classPath(ForkedJava.readClassPathFile(TARGET.resolve("fiji-runtime.classpath"))), "ij.ImageJ",
			ijArgs, tmp, 300);
		assertEquals(0, r.exitCode(), r.output());
		assertFalse(r.output().contains("Exception"), r.output());
		return r.output();
	}

	private static int count(String text, String part) {
		int n = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
		return n;
	}
}

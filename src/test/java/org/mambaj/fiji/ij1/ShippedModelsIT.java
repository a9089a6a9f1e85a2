package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.process.ImageStatistics;

/**
 * The example macros with the trained models of models/ (bundled in the jar, so found by name) on the sample
 * images, with plausibility checks on what they find. A test exists for each shipped package present.
 */
@ExtendWith(ImageJSession.Fresh.class)
class ShippedModelsIT {

	static final Duration TIMEOUT = Duration.ofSeconds(600);

	@TestFactory
	List<DynamicTest> shippedModels() {
		List<DynamicTest> tests = new ArrayList<>();
		add(tests, "nuclei", () -> {
			MacrosIT.run("segment_nuclei.ijm", "", TIMEOUT);
			picture("175dbb364bfe_fluorescence.png", "175dbb364bfe_fluorescence-labels", "segment-nuclei.png"); // before the checks: it shows what failed
			Matcher m = Pattern.compile("MambaJ: (\\d+) nuclei in 175dbb364bfe_fluorescence.png, (\\d+) ROIs").matcher(ImageJSession.log());
			assertTrue(m.find(), ImageJSession.log());
			int nuclei = Integer.parseInt(m.group(1));
			// the sample holds 179 annotated nuclei; a working model finds most of them, not 10x as many
			assertTrue(nuclei >= 90 && nuclei <= 400, nuclei + " nuclei");
			assertEquals(nuclei, Integer.parseInt(m.group(2)), "one ROI per nucleus");
		});
		add(tests, "retinal-vessels", () -> {
			MacrosIT.run("segment_vessels.ijm", "", TIMEOUT);
			picture("retina.jpg", "retina-mask", "segment-vessels.png"); // before the checks: it shows what failed
			Matcher m = Pattern.compile("vessels cover ([0-9.]+)% of retina.jpg").matcher(ImageJSession.log());
			assertTrue(m.find(), ImageJSession.log());
			double percent = Double.parseDouble(m.group(1));
			assertTrue(percent > 2 && percent < 30, "vessels cover " + percent + "% of the fundus image");
		});
		add(tests, "widefield-denoise", () -> {
			MacrosIT.run("denoise.ijm", "", TIMEOUT);
			picture("cell.png", "cell-denoised", "denoise-cell.png"); // before the checks: it shows what failed
			ImagePlus out = WindowManager.getImage("cell-denoised");
			ImagePlus in = WindowManager.getImage("cell.png");
			assertEquals(32, out.getBitDepth());
			ImageStatistics o = out.getStatistics(), i = in.getStatistics();
			assertTrue(Double.isFinite(o.mean) && Math.abs(o.mean - i.mean) < 0.25 * (i.max - i.min + 1),
				"denoised mean " + o.mean + " near the input's " + i.mean);
			// cell.png is nearly clean: the restored image keeps its contrast, no more than a little sharper
			assertTrue(o.stdDev > 0.5 * i.stdDev && o.stdDev < 1.25 * i.stdDev,
				"denoised standard deviation " + o.stdDev + " near the input's " + i.stdDev);
		});
		add(tests, "chest-xray-pneumonia", () -> {
			MacrosIT.run("classify.ijm", "", TIMEOUT);
			IJ.saveAs(WindowManager.getImage("train_3_pneumonia.png").flatten(), "png", DialogsIT.SHOTS.resolve("classify-xray.png").toString());
			assertTrue(ImageJSession.log().matches("(?s).*train_3_pneumonia.png is pneumonia \\(p = .*"), ImageJSession.log());
			IJ.selectWindow(ClassifyPlugin.TABLE);
			IJ.run("Close");
		});
		return tests;
	}

	/** Input and result side by side in target/screenshots/ (copied to docs/images/ for the documentation). */
	private static void picture(String input, String output, String png) throws Exception {
		SideBySide.save(WindowManager.getImage(input), WindowManager.getImage(output), DialogsIT.SHOTS.resolve(png));
	}

	private static void add(List<DynamicTest> tests, String model, Executable test) {
		if (Files.isRegularFile(MacrosIT.ROOT.resolve("models").resolve(model).resolve("rdf.yaml")))
			tests.add(dynamicTest(model, test));
	}
}

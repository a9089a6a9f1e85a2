package org.mambaj.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mambaj.fiji.ij1.ImagePlusPlanes;
import org.mambaj.image.Plane;
import org.mambaj.image.Predictor;
import org.mambaj.image.Progress;
import org.mambaj.image.Tiler;
import org.mambaj.models.PackagedModel;
import org.mambaj.run.TileSettings;
import org.yaml.snakeyaml.Yaml;

import ij.IJ;
import ij.ImagePlus;

/**
 * Each shipped model through the whole Java pipeline (pre-processing, network, post-processing) on its
 * validation images from ../shared/data: the metric must be within 0.01 of the value in its model card.
 */
class AccuracyRegressionTest {

	private static final double TOLERANCE = 0.01;
	private static final List<PackagedModel> opened = new ArrayList<>();

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@AfterAll
	static void close() throws IOException {
		for (PackagedModel m : opened) m.close();
	}

	private static Predictor predictor(String name) throws IOException {
		PackagedModel m = PackagedModel.load(ShippedModels.model(name), "auto");
		opened.add(m);
		return new Predictor(m);
	}

	/**
	 * The model's decision on an image with the package's default tile and overlap (as the command line and Fiji run
	 * it unless told otherwise), which the training script's evaluation reproduces (seg_lib.predict_tiled).
	 */
	private static Plane withDefaultTiles(Predictor p, Plane image) {
		return p.decide(p.scores(image, TileSettings.tiler(p.model(), 0, -1), Progress.NONE));
	}

	@SuppressWarnings("unchecked")
	private static List<String> validationItems(String model) throws IOException {
		Map<String, Object> split = new Yaml().load(Files.readString(Path.of("training/splits", model + ".json")));
		return (List<String>) split.get("val");
	}

	/** Asserts the Java value is within the tolerance of the model card's, and reports both. */
	private static void assertMetric(String model, String metric, double measured) throws IOException {
		double card = recorded(model, metric);
		System.out.printf("%s %s: model card %.4f, Java pipeline %.4f%n", model, metric, card, measured);
		assertEquals(card, measured, TOLERANCE, model + " " + metric);
	}

	@SuppressWarnings("unchecked")
	private static double recorded(String model, String metric) throws IOException {
		Map<String, Object> m = new Yaml().load(Files.readString(ShippedModels.model(model).resolve("metrics.json")));
		Object v = ((Map<String, Object>) m.get("metrics")).get(metric);
		assertTrue(v instanceof Number, model + " records no metric '" + metric + "'");
		return ((Number) v).doubleValue();
	}

	private static Plane open(Path file) {
		assertTrue(Files.exists(file), "missing validation file " + file);
		ImagePlus imp = IJ.openImage(file.toString());
		assertTrue(imp != null, "ImageJ cannot open " + file);
		return ImagePlusPlanes.toPlane(imp);
	}

	private static boolean[] mask(Plane p, java.util.function.DoublePredicate on) {
		boolean[] m = new boolean[p.pixels()];
		for (int i = 0; i < m.length; i++) m[i] = on.test(p.data()[i]);
		return m;
	}

	private static int[] ints(Plane p) {
		int[] a = new int[p.pixels()];
		for (int i = 0; i < a.length; i++) a[i] = Math.round(p.data()[i]);
		return a;
	}

	@Test
	void nuclei() throws IOException {
		Predictor p = predictor("nuclei");
		Path root = ShippedModels.data("segmentation/dsb2018/val");
		Metrics.Confusion fg = new Metrics.Confusion();
		Metrics.InstanceMatch objects = new Metrics.InstanceMatch();
		for (String stem : validationItems("nuclei")) {
			Plane labels = withDefaultTiles(p, open(root.resolve("images/" + stem + ".png")));
			Plane truth = open(root.resolve("labels/" + stem + ".tif"));
			fg.add(mask(labels, v -> v > 0), mask(truth, v -> v > 0));
			objects.add(ints(labels), ints(truth));
		}
		assertMetric("nuclei", "dice", fg.dice());
		assertMetric("nuclei", "f1@0.5", objects.f1());
	}

	@Test
	void retinalVessels() throws IOException {
		Predictor p = predictor("retinal-vessels");
		Path root = ShippedModels.data("segmentation/chase_db1");
		Metrics.Confusion c = new Metrics.Confusion();
		for (String stem : validationItems("retinal-vessels")) {
			Plane vessels = withDefaultTiles(p, open(root.resolve("images/" + stem + ".jpg")));
			c.add(mask(vessels, v -> v > 0), mask(open(root.resolve("labels/" + stem + ".png")), v -> v > 127));
		}
		assertMetric("retinal-vessels", "dice", c.dice());
	}

	@Test
	void emMembranes() throws IOException {
		Predictor p = predictor("em-membranes");
		Path root = ShippedModels.data("segmentation/isbi2012");
		ImagePlus volume = IJ.openImage(root.resolve("train-volume.tif").toString());
		ImagePlus labels = IJ.openImage(root.resolve("train-labels.tif").toString());
		Metrics.Confusion c = new Metrics.Confusion();
		for (String item : validationItems("em-membranes")) {
			int slice = Integer.parseInt(item.replace("slice", "")) + 1;
			Plane membrane = withDefaultTiles(p, slicePlane(volume, slice));
			c.add(mask(membrane, v -> v > 0), mask(slicePlane(labels, slice), v -> v == 0));
		}
		assertMetric("em-membranes", "dice", c.dice());
		assertMetric("em-membranes", "pixel_error", c.pixelError());
	}

	private static Plane slicePlane(ImagePlus stack, int slice) {
		return ImagePlusPlanes.toPlane(new ImagePlus("slice", stack.getStack().getProcessor(slice)));
	}

	@Test
	void chestXrayPneumonia() throws IOException {
		Predictor p = predictor("chest-xray-pneumonia");
		Path root = ShippedModels.data("classification/pneumoniamnist");
		ImagePlus stack = IJ.openImage(root.resolve("val.tif").toString());
		int[] truth = csvLabels(root.resolve("val_labels.csv"));
		assertEquals(truth.length, stack.getStackSize(), "val.tif and val_labels.csv disagree");
		int[] predicted = new int[truth.length];
		double[] pneumonia = new double[truth.length];
		for (int i = 0; i < truth.length; i++) {
			float[] prob = p.classify(slicePlane(stack, i + 1));
			predicted[i] = prob[1] > prob[0] ? 1 : 0;
			pneumonia[i] = prob[1];
		}
		assertMetric("chest-xray-pneumonia", "accuracy", Metrics.accuracy(predicted, truth));
		assertMetric("chest-xray-pneumonia", "auc", Metrics.auc(pneumonia, truth));
	}

	@Test
	@SuppressWarnings("unchecked")
	void breastUltrasound() throws IOException {
		Predictor p = predictor("breast-ultrasound");
		Path root = ShippedModels.data("classification/busi");
		Map<String, Object> split = new Yaml().load(Files.readString(Path.of("training/splits/breast-ultrasound.json")));
		List<List<Object>> val = (List<List<Object>>) split.get("val");
		int[] truth = new int[val.size()], predicted = new int[val.size()];
		for (int i = 0; i < val.size(); i++) {
			truth[i] = ((Number) val.get(i).get(1)).intValue();
			float[] prob = p.classify(open(root.resolve((String) val.get(i).get(0))));
			for (int c = 1; c < prob.length; c++) if (prob[c] > prob[predicted[i]]) predicted[i] = c;
		}
		assertMetric("breast-ultrasound", "accuracy", Metrics.accuracy(predicted, truth));
		assertMetric("breast-ultrasound", "macro_f1", Metrics.macroF1(predicted, truth, 3));
	}

	@Test
	void widefieldDenoise() throws IOException {
		Predictor p = predictor("widefield-denoise");
		Path root = ShippedModels.data("denoising/w2s");
		ImagePlus noisy = IJ.openImage(root.resolve("val_noisy.tif").toString());
		ImagePlus clean = IJ.openImage(root.resolve("val_clean.tif").toString());
		double psnr = 0, ssim = 0;
		int n = noisy.getStackSize();
		for (int i = 1; i <= n; i++) {
			Plane in = slicePlane(noisy, i);
			Plane out = p.scores(in, new Tiler(Math.max(in.height(), in.width()), 0, 1), Progress.NONE);
			double[] d = new double[out.pixels()], c = new double[out.pixels()];
			Plane truth = slicePlane(clean, i);
			for (int k = 0; k < d.length; k++) {
				d[k] = Math.min(255, Math.max(0, out.data()[k]));
				c[k] = truth.data()[k];
			}
			psnr += Metrics.psnr(c, d, 255) / n;
			ssim += Metrics.ssim(c, d, in.height(), in.width(), 255) / n;
		}
		assertMetric("widefield-denoise", "psnr", psnr);
		assertMetric("widefield-denoise", "ssim", ssim);
	}

	/** The label column of a MedMNIST labels file (header: index,label). */
	private static int[] csvLabels(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv);
		int col = List.of(lines.get(0).split(",")).indexOf("label");
		return lines.stream().skip(1).filter(l -> !l.isBlank()).mapToInt(l -> Integer.parseInt(l.split(",")[col].trim())).toArray();
	}
}

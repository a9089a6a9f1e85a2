package org.mambaj.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.core.Engines;
import org.mambaj.core.Tensor;
import org.mambaj.image.ChannelsLast;
import org.mambaj.image.Normalization;
import org.mambaj.image.Plane;
import org.mambaj.image.PostProcessing;
import org.mambaj.image.Predictor;
import org.mambaj.testing.TestPackages;
import org.mambaj.zoo.ModelRegistry;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/** Every command run headless through SciJava's CommandService on the test packages. */
class CommandsTest {

	@TempDir
	static Path packages;

	static Context context;
	static CommandService commands;
	static ModelRegistry registry;
	static String segmenter, nuclei, denoiser, classifier;

	@BeforeAll
	static void setUp() {
		context = new Context();
		commands = context.service(CommandService.class);
		registry = ModelRegistry.shared();
		segmenter = TestPackages.write(TestPackages.SEGMENTER, packages).toString();
		nuclei = TestPackages.write(TestPackages.NUCLEI, packages).toString();
		denoiser = TestPackages.write(TestPackages.DENOISER, packages).toString();
		classifier = TestPackages.write(TestPackages.CLASSIFIER, packages).toString();
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	static CommandModule run(Class<? extends Command> command, Object... params) throws Exception {
		Map<String, Object> map = new HashMap<>();
		for (int i = 0; i < params.length; i += 2) map.put((String) params[i], params[i + 1]);
		map.putIfAbsent("engine", "java");
		return commands.run(command, true, map).get();
	}

	static CommandModule ok(Class<? extends Command> command, Object... params) throws Exception {
		CommandModule m = run(command, params);
		assertFalse(m.isCanceled(), () -> "cancelled: " + m.getCancelReason());
		return m;
	}

	static String failure(Class<? extends Command> command, Object... params) throws Exception {
		CommandModule m = run(command, params);
		assertTrue(m.isCanceled(), "the command should have been cancelled");
		for (String output : outputNames(m)) {
			Object v = m.getOutput(output);
			assertTrue(v == null || v instanceof Number, "output " + output + " must be empty after a failure, is " + v);
		}
		return m.getCancelReason();
	}

	static List<String> outputNames(CommandModule m) {
		List<String> names = new java.util.ArrayList<>();
		m.getInfo().outputs().forEach(o -> names.add(o.getName()));
		return names;
	}

	static Img<FloatType> random(long seed, float scale, long... dims) {
		Img<FloatType> img = ArrayImgs.floats(dims);
		Random r = new Random(seed);
		for (FloatType t : img) t.set(scale * r.nextFloat());
		return img;
	}

	/** The plane of a 2D or (X, Y, C) image, built pixel by pixel: an independent check of ImgPlanes' axis order. */
	static Plane planeOf(RandomAccessibleInterval<? extends RealType<?>> img) {
		int w = (int) img.dimension(0), h = (int) img.dimension(1), c = img.numDimensions() > 2 ? (int) img.dimension(2) : 1;
		Plane p = Plane.zeros(c, h, w);
		RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		for (int k = 0; k < c; k++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					ra.setPosition(x, 0);
					ra.setPosition(y, 1);
					if (c > 1 || img.numDimensions() > 2) ra.setPosition(k, 2);
					p.set(k, y, x, ra.get().getRealFloat());
				}
		return p;
	}

	static float at(RandomAccessibleInterval<? extends RealType<?>> img, long... pos) {
		RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		ra.setPosition(pos);
		return ra.get().getRealFloat();
	}

	@Test
	void classifyGivesTheLikeliestClassAndProbabilitiesSummingToOne() throws Exception {
		Img<FloatType> img = random(1, 255, 37, 45);
		CommandModule m = ok(ClassifyCommand.class, "input", img, "model", classifier);
		double[] p = (double[]) m.getOutput("probabilities");
		String[] names = (String[]) m.getOutput("class_names");
		assertArrayEquals(new String[] { "normal", "pneumonia" }, names);
		assertEquals(1.0, Arrays.stream(p).sum(), 1e-5);
		int best = p[0] >= p[1] ? 0 : 1;
		assertEquals(names[best], m.getOutput("label"));
		assertEquals(p[best], (double) m.getOutput("probability"));
		// the same numbers straight from the network on the normalized plane
		Predictor predictor = registry.predictor(classifier, "java");
		Plane plane = planeOf(img);
		Tensor logits = predictor.model().model().forward(ChannelsLast.copyOf(Normalization.percentiles(plane, 0.5, 99.5, 1e-6).apply(plane)));
		float[] expected = PostProcessing.softmax(new Plane(logits.data(), 2, 1, 1)).data();
		assertEquals(expected[0], p[0], 1e-6);
		assertEquals(expected[1], p[1], 1e-6);
	}

	@Test
	void segmentProbabilitiesOnOneTileEqualTheNetworkOnTheWholeImage() throws Exception {
		Img<FloatType> img = random(2, 1000, 64, 32); // fits in the package's 64-pixel tile
		CommandModule m = ok(SegmentCommand.class, "input", img, "model", segmenter, "output", "probabilities");
		Img<?> result = (Img<?>) m.getOutput("result");
		assertInstanceOf(FloatType.class, result.firstElement());
		assertArrayEquals(new long[] { 64, 32 }, result.dimensionsAsLongArray());
		Predictor predictor = registry.predictor(segmenter, "java");
		Plane plane = planeOf(img);
		Tensor logits = predictor.model().model().forward(ChannelsLast.copyOf(Normalization.percentiles(plane, 1, 99.8, 1e-6).apply(plane)));
		Plane expected = PostProcessing.sigmoid(ChannelsLast.toPlane(logits));
		@SuppressWarnings("unchecked")
		RandomAccessibleInterval<FloatType> r = (RandomAccessibleInterval<FloatType>) result;
		for (int y = 0; y < 32; y++)
			for (int x = 0; x < 64; x++) assertEquals(expected.get(0, y, x), at(r, x, y), 1e-6);
	}

	@Test
	void smallerTilesAgreeWithOneTileInsideTheBlendedImage() throws Exception {
		Img<FloatType> img = random(3, 1, 64, 64);
		Img<?> whole = (Img<?>) ok(SegmentCommand.class, "input", img, "model", segmenter, "output", "probabilities").getOutput("result");
		Img<?> tiled = (Img<?>) ok(SegmentCommand.class, "input", img, "model", segmenter, "output", "probabilities",
			"tile", 32, "overlap", 8).getOutput("result");
		double maxDiff = 0;
		Cursor<?> a = whole.cursor(), b = tiled.cursor();
		while (a.hasNext()) maxDiff = Math.max(maxDiff, Math.abs(((FloatType) a.next()).get() - ((FloatType) b.next()).get()));
		assertTrue(maxDiff < 0.1, "tiled and untiled probabilities differ by " + maxDiff);
	}

	@Test
	void maskIsZeroOrOneWithTheImageShape() throws Exception {
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(100, 70);
		Random r = new Random(4);
		for (UnsignedByteType t : img) t.set(r.nextInt(256));
		CommandModule m = ok(SegmentCommand.class, "input", img, "model", segmenter, "output", "mask");
		Img<?> mask = (Img<?>) m.getOutput("result");
		assertArrayEquals(new long[] { 100, 70 }, mask.dimensionsAsLongArray());
		int ones = 0;
		for (Object v : mask) {
			float f = ((FloatType) v).get();
			assertTrue(f == 0 || f == 1, "mask value " + f);
			if (f == 1) ones++;
		}
		assertTrue((int) m.getOutput("count") >= (ones > 0 ? 1 : 0));
	}

	@Test
	void labelsOfAnRgbImageAre16BitAndCounted() throws Exception {
		Img<FloatType> rgb = random(5, 255, 64, 48, 3);
		CommandModule m = ok(SegmentCommand.class, "input", rgb, "channel_axis", true, "model", nuclei, "output", "labels");
		Img<?> labels = (Img<?>) m.getOutput("result");
		assertInstanceOf(UnsignedShortType.class, labels.firstElement());
		assertArrayEquals(new long[] { 64, 48 }, labels.dimensionsAsLongArray());
		int max = 0;
		for (Object v : labels) max = Math.max(max, ((UnsignedShortType) v).get());
		assertEquals(max, (int) m.getOutput("count"));
		CommandModule probabilities = ok(SegmentCommand.class, "input", rgb, "channel_axis", true, "model", nuclei, "output", "probabilities");
		Img<?> p = (Img<?>) probabilities.getOutput("result");
		assertArrayEquals(new long[] { 64, 48, 3 }, p.dimensionsAsLongArray());
		@SuppressWarnings("unchecked")
		RandomAccessibleInterval<FloatType> pr = (RandomAccessibleInterval<FloatType>) p;
		for (int y = 0; y < 48; y += 7)
			for (int x = 0; x < 64; x += 5) assertEquals(1.0, at(pr, x, y, 0) + at(pr, x, y, 1) + at(pr, x, y, 2), 1e-5);
	}

	@Test
	void tensorFlowAndJavaEnginesAgree() throws Exception {
		assumeTrue(Engines.tensorFlowAvailable(), "TensorFlow's native library does not load here");
		Img<FloatType> img = random(18, 1, 64, 40);
		Img<?> java = (Img<?>) ok(SegmentCommand.class, "input", img, "model", segmenter, "output", "probabilities").getOutput("result");
		Img<?> tf = (Img<?>) ok(SegmentCommand.class, "input", img, "model", segmenter, "output", "probabilities",
			"engine", "tensorflow").getOutput("result");
		Cursor<?> a = java.cursor(), b = tf.cursor();
		while (a.hasNext()) assertEquals(((FloatType) a.next()).get(), ((FloatType) b.next()).get(), 1e-4);
	}

	@Test
	void autoOutputIsWhatThePackageDecides() throws Exception {
		CommandModule labels = ok(SegmentCommand.class, "input", random(17, 255, 32, 32, 3), "channel_axis", true, "model", nuclei);
		assertInstanceOf(UnsignedShortType.class, ((Img<?>) labels.getOutput("result")).firstElement());
		CommandModule mask = ok(SegmentCommand.class, "input", random(17, 255, 32, 32), "model", segmenter);
		assertInstanceOf(FloatType.class, ((Img<?>) mask.getOutput("result")).firstElement());
	}

	@Test
	void denoiseKeepsShapeAndIntensityRange() throws Exception {
		Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(40, 30);
		Random r = new Random(6);
		for (UnsignedShortType t : img) t.set(1000 + r.nextInt(1000));
		CommandModule m = ok(DenoiseCommand.class, "input", img, "model", denoiser);
		@SuppressWarnings("unchecked")
		Img<FloatType> out = (Img<FloatType>) m.getOutput("result");
		assertArrayEquals(new long[] { 40, 30 }, out.dimensionsAsLongArray());
		double sum = 0;
		for (FloatType t : out) {
			assertTrue(Float.isFinite(t.get()));
			sum += t.get();
		}
		double mean = sum / (40 * 30);
		assertTrue(mean > 500 && mean < 2500, "restored to the input's range, mean " + mean);
	}

	@Test
	void percentileNormalizationChangesTheInputScaling() throws Exception {
		Img<FloatType> img = random(7, 1, 37, 45);
		double[] model = (double[]) ok(ClassifyCommand.class, "input", img, "model", classifier).getOutput("probabilities");
		double[] same = (double[]) ok(ClassifyCommand.class, "input", img, "model", classifier, "normalize", "percentile",
			"low", 0.5, "high", 99.5).getOutput("probabilities");
		double[] other = (double[]) ok(ClassifyCommand.class, "input", img, "model", classifier, "normalize", "percentile",
			"low", 20.0, "high", 60.0).getOutput("probabilities");
		assertArrayEquals(model, same, 1e-9, "the package's own percentiles give the model's normalization");
		assertFalse(Arrays.equals(model, other));
	}

	@Test
	void modelsCommandListsInstallsAndValidates(@TempDir Path user) throws Exception {
		MambaJService service = context.service(MambaJService.class);
		try (ModelRegistry r = new ModelRegistry(new org.mambaj.zoo.BundledModels(ClassLoader.getSystemClassLoader(), user.resolve("cache")),
			user.resolve("models"))) {
			service.setRegistry(r);
			String installed = (String) ok(ModelsCommand.class, "action", "install", "model", classifier).getOutput("report");
			assertTrue(installed.contains("tiny-classifier"), installed);
			String list = (String) ok(ModelsCommand.class, "action", "list").getOutput("report");
			assertTrue(list.contains("tiny-classifier\tclassification\tuser"), list);
			String valid = (String) ok(ModelsCommand.class, "action", "validate", "model", "tiny-classifier").getOutput("report");
			assertTrue(valid.contains("reproduced"), valid);
			assertTrue(failure(ModelsCommand.class, "action", "validate", "model", "nope").contains("no model 'nope'"));
			Img<FloatType> img = random(8, 1, 37, 45);
			ok(ClassifyCommand.class, "input", img, "model", "tiny-classifier");
		}
		finally {
			service.setRegistry(null);
		}
	}

	@Test
	void modelsCommandInstallsAPublishedCheckpoint(@TempDir Path user) throws Exception {
		MambaJService service = context.service(MambaJService.class);
		try (ModelRegistry r = new ModelRegistry(new org.mambaj.zoo.BundledModels(ClassLoader.getSystemClassLoader(), user.resolve("cache")),
			user.resolve("models"))) {
			service.setRegistry(r);
			String pth = Path.of(getClass().getResource("/io/pth/medmamba-small.pth").toURI()).toString();
			String config = Path.of(getClass().getResource("/io/pth/medmamba-small.json").toURI()).toString();
			String installed = (String) ok(ModelsCommand.class, "action", "install", "model", pth, "architecture",
				"medmamba", "config", config, "modelName", "from-pth", "authors", "Ann", "license", "MIT").getOutput("report");
			assertTrue(installed.contains("from-pth"), installed);
			assertTrue(failure(ModelsCommand.class, "action", "install", "model", pth, "architecture", "vmunet",
				"modelName", "wrong").contains("medmamba-small.pth"));
		}
		finally {
			service.setRegistry(null);
		}
	}

	// ---- bad input: cancelled with a message naming the problem, no outputs

	@Test
	void tinyImageIsRefused() throws Exception {
		String reason = failure(SegmentCommand.class, "input", ArrayImgs.floats(1, 1), "model", segmenter);
		assertTrue(reason.contains("1x1"), reason);
	}

	@Test
	void unsupportedChannelCountIsRefused() throws Exception {
		String reason = failure(SegmentCommand.class, "input", random(9, 1, 32, 32, 2), "channel_axis", true, "model", nuclei);
		assertTrue(reason.contains("2 channels"), reason);
	}

	@Test
	void threeAxesWithoutChannelAxisAreRefused() throws Exception {
		String reason = failure(DenoiseCommand.class, "input", random(10, 1, 32, 32, 3), "model", denoiser);
		assertTrue(reason.contains("channel_axis"), reason);
	}

	@Test
	void modelOfAnotherTaskIsRefused() throws Exception {
		String reason = failure(SegmentCommand.class, "input", random(11, 1, 45, 37), "model", classifier);
		assertTrue(reason.contains("classification model, not a segmentation model"), reason);
		reason = failure(ClassifyCommand.class, "input", random(11, 1, 45, 37), "model", denoiser);
		assertTrue(reason.contains("denoising model, not a classification model"), reason);
	}

	@Test
	void missingModelIsRefused() throws Exception {
		String reason = failure(DenoiseCommand.class, "input", random(12, 1, 32, 32), "model", packages.resolve("absent").toString());
		assertTrue(reason.contains("no model"), reason);
	}

	@Test
	void corruptWeightsAreRefused(@TempDir Path tmp) throws Exception {
		Path pkg = TestPackages.write(TestPackages.DENOISER, tmp);
		Files.write(pkg.resolve("weights.safetensors"), new byte[] { 1, 2, 3 });
		String reason = failure(DenoiseCommand.class, "input", random(13, 1, 32, 32), "model", pkg.toString());
		assertTrue(reason.contains("weights.safetensors"), reason);
	}

	@Test
	void tileBelowTheModelMinimumIsRefused() throws Exception {
		String reason = failure(SegmentCommand.class, "input", random(14, 1, 64, 64), "model", segmenter, "tile", 16);
		assertTrue(reason.contains("tile 16 is smaller than the minimum"), reason);
	}

	@Test
	void maskFromAModelWithoutDecisionIsRefused(@TempDir Path tmp) throws Exception {
		Path pkg = TestPackages.write(TestPackages.SEGMENTER, tmp);
		Files.writeString(pkg.resolve("rdf.yaml"), Files.readString(pkg.resolve("rdf.yaml"))
			.replace("      - {name: binarize, kwargs: {threshold: 0.5}}\n", ""));
		String reason = failure(SegmentCommand.class, "input", random(15, 1, 32, 32), "model", pkg.toString(), "output", "mask");
		assertTrue(reason.contains("use output=probabilities"), reason);
	}

	@Test
	void cancelledRunReturnsNothing() throws Exception {
		CommandModule module = (CommandModule) commands.getCommand(SegmentCommand.class).createModule();
		context.inject(module.getCommand());
		module.setInput("input", random(16, 1, 200, 200));
		module.setInput("model", segmenter);
		module.setInput("engine", "java");
		module.setInput("output", "probabilities");
		((SegmentCommand) module.getCommand()).cancel("stopped by the user");
		module.run();
		assertTrue(module.isCanceled());
		assertNull(module.getOutput("result"));
	}
}

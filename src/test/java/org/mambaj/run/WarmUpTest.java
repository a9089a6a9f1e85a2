package org.mambaj.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.image.Progress;
import org.mambaj.image.Raster;
import org.mambaj.testing.TestPackages;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;

/** The dialog's background warm-up: runs every task's pipeline, changes no result, stops when asked, never throws. */
class WarmUpTest {

	@TempDir
	static Path tmp;
	static ModelRegistry registry;

	@BeforeAll
	static void setUp() {
		registry = new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(), tmp.resolve("cache")), tmp.resolve("user"));
		for (String name : List.of(TestPackages.NUCLEI, TestPackages.DENOISER, TestPackages.CLASSIFIER)) TestPackages.write(name, tmp);
	}

	@AfterAll
	static void tearDown() {
		registry.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { TestPackages.NUCLEI, TestPackages.DENOISER, TestPackages.CLASSIFIER })
	void runsThePipelineOfEachTaskInTheBackground(String name) throws Exception {
		RunOptions options = RunOptions.of(tmp.resolve(name).toString());
		Raster image = image(3);
		Object before = result(name, options, image);
		try (WarmUp w = WarmUp.start(registry, options)) {
			long deadline = System.nanoTime() + 60_000_000_000L;
			while (w.runs() < WarmUp.RUNS && System.nanoTime() < deadline) Thread.sleep(10);
			assertEquals(WarmUp.RUNS, w.runs(), "synthetic inferences of " + name);
		}
		Object after = result(name, options, image);
		// bit for bit: the Java engine gives the same bits interpreted and compiled (ConcurrencyTest)
		if (before instanceof float[] f) assertArrayEquals(f, (float[]) after, "the warm-up leaves the model as it was");
		else assertEquals(before, after);
	}

	@Test
	void closeStopsItAndWaitsForTheInferenceInFlight() {
		WarmUp w = WarmUp.start(registry, RunOptions.of(tmp.resolve(TestPackages.NUCLEI).toString()));
		w.close();
		int runs = w.runs();
		assertTrue(runs <= WarmUp.RUNS);
		assertEquals(runs, w.runs(), "nothing runs after close");
	}

	@Test
	void aModelThatCannotBeLoadedIsLeftToTheRealRunToReport() {
		try (WarmUp w = WarmUp.start(registry, RunOptions.of(tmp.resolve("no-such-package").toString()))) {
			w.close();
			assertEquals(0, w.runs());
		}
	}

	/** The model's output for {@code image}: class probabilities, label values or denoised values. */
	private static Object result(String name, RunOptions options, Raster image) throws IOException {
		ModelRunner runner = new ModelRunner(registry);
		return switch (name) {
			case TestPackages.CLASSIFIER -> runner.classify(image, options).probabilities();
			case TestPackages.DENOISER -> runner.denoise(image, options, Progress.NONE).toPlane().data();
			default -> runner.segment(image, options, SegmentOutput.AUTO, Progress.NONE).image().toPlane().data();
		};
	}

	private static Raster image(int channels) {
		Raster r = Raster.allocate(Raster.Type.F32, channels, 40, 52);
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < r.pixels(); i++) r.set(c, i, (float) Math.sin(i * 0.37 + c));
		return r;
	}
}

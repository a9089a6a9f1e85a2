package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/** TensorFlowEngine against the pure-Java oracle; skipped where TensorFlow's native library cannot load. */
class TensorFlowEngineTest {

	private static TensorFlowEngine tf;
	private static final Engine JAVA = new JavaEngine(Kernels.scalar());

	@BeforeAll
	static void start() {
		assumeTrue(Engines.tensorFlowAvailable(), () -> "TensorFlow unavailable: " + Engines.describe());
		tf = new TensorFlowEngine();
	}

	@AfterAll
	static void stop() {
		if (tf != null) tf.close();
	}

	@TestFactory
	Stream<DynamicTest> matchesJava() {
		return DenseCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () ->
			DenseCases.assertClose(c.build(JAVA).apply(c.input()), c.build(tf).apply(c.input()), 1e-5, c.name())));
	}

	@Test
	void wrongInputShapesAreRejectedWithBothShapes() {
		Random random = new Random(1);
		DenseOp linear = tf.linear(DenseCases.random(random, 4, 8), null);
		String msg = assertThrows(IllegalArgumentException.class,
			() -> linear.apply(Tensor.zeros(3, 5))).getMessage();
		assertTrue(msg.contains("8") && msg.contains("[3, 5]"), msg);

		DenseOp conv = tf.conv2d(DenseCases.random(random, 6, 3, 3, 3), null, 1, 1, 1);
		msg = assertThrows(IllegalArgumentException.class, () -> conv.apply(Tensor.zeros(1, 8, 8, 4))).getMessage();
		assertTrue(msg.contains("3 channels") && msg.contains("[1, 8, 8, 4]"), msg);
		msg = assertThrows(IllegalArgumentException.class, () -> conv.apply(Tensor.zeros(8, 8, 3))).getMessage();
		assertTrue(msg.contains("[8, 8, 3]"), msg);

		DenseOp patch = tf.conv2d(DenseCases.random(random, 6, 3, 4, 4), null, 4, 0, 1);
		assertThrows(IllegalArgumentException.class, () -> patch.apply(Tensor.zeros(1, 2, 2, 3)));
	}

	@Test
	void wrongWeightsAreRejected() {
		Random random = new Random(2);
		assertThrows(IllegalArgumentException.class, () -> tf.linear(DenseCases.random(random, 4), null));
		assertThrows(IllegalArgumentException.class,
			() -> tf.linear(DenseCases.random(random, 4, 8), DenseCases.random(random, 8)));
		assertThrows(IllegalArgumentException.class,
			() -> tf.conv2d(DenseCases.random(random, 6, 3, 3, 3), null, 1, 1, 4));
	}

	@Test
	@Timeout(120)
	void oneOpIsSafeFromManyThreads() throws Exception {
		Random random = new Random(3);
		DenseOp conv = tf.conv2d(DenseCases.random(random, 16, 8, 3, 3), DenseCases.random(random, 16), 1, 1, 1);
		List<Tensor> inputs = new ArrayList<>(), expected = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			inputs.add(DenseCases.random(random, 1, 12 + i, 10, 8));
			expected.add(conv.apply(inputs.get(i)));
		}
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int offset = t;
				runs.add(pool.submit(() -> {
					for (int k = 0; k < 50; k++) {
						int i = (k + offset) % inputs.size();
						assertArrayEquals(expected.get(i).data(), conv.apply(inputs.get(i)).data(), 0f);
					}
					return null;
				}));
			}
			for (Future<?> run : runs) run.get();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	@Timeout(120)
	void repeatedRunsDoNotLeak() throws IOException {
		Random random = new Random(4);
		DenseOp linear = tf.linear(DenseCases.random(random, 128, 128), DenseCases.random(random, 128));
		Tensor x = DenseCases.random(random, 512, 128); // 256 KiB in, 256 KiB out per call
		for (int i = 0; i < 300; i++) linear.apply(x); // let heap and TF allocator pools settle
		System.gc();
		long before = residentBytes();
		for (int i = 0; i < 2000; i++) linear.apply(x);
		System.gc();
		long grown = residentBytes() - before;
		// Bounds memory over 2000 runs. TF Java frees unclosed tensors when their wrappers are collected, so
		// with this much Java garbage (frequent GCs) a missing close() would not show here; it shows when
		// native tensors are large and Java allocation small. The closing itself is TfLayer's try-with-resources.
		assertTrue(grown < 300L << 20, "resident memory grew by " + (grown >> 20) + " MiB over 2000 runs");
	}

	@Test
	void opsFailCleanlyAfterClose() {
		TensorFlowEngine engine = new TensorFlowEngine();
		DenseOp op = engine.linear(Tensor.zeros(2, 2), null);
		engine.close();
		assertThrows(IllegalStateException.class, () -> op.apply(Tensor.zeros(1, 2)));
		assertThrows(IllegalStateException.class, () -> engine.linear(Tensor.zeros(2, 2), null));
	}

	/** Resident set size from /proc (Linux); Java's own counters miss native memory, where a leak would be. */
	private static long residentBytes() throws IOException {
		Path status = Path.of("/proc/self/status");
		assumeTrue(Files.exists(status), "needs /proc to measure native memory");
		for (String line : Files.readAllLines(status))
			if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
		throw new IllegalStateException("no VmRSS in /proc/self/status");
	}
}

package org.mambaj.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mambaj.testing.Golden.assertClose;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mambaj.core.Engine;
import org.mambaj.core.Engines;
import org.mambaj.core.JavaEngine;
import org.mambaj.core.OneThreadPools;
import org.mambaj.core.Parallel;
import org.mambaj.core.Tensor;
import org.mambaj.testing.Golden;

/** One loaded model serves concurrent inferences, each getting the reference result. */
class ConcurrencyTest {

	@ParameterizedTest
	@ValueSource(strings = { "java", "tensorflow" })
	void concurrentForwardsAgree(String kind) throws Exception {
		Golden g = Golden.load("medmamba-small");
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try (Engine engine = Engines.create(kind)) {
			Model m = Architectures.build(g.architecture(), g.config(), g.weights(), engine);
			List<Future<Tensor>> results = new ArrayList<>();
			for (int i = 0; i < 8; i++) results.add(pool.submit(() -> m.forward(g.input())));
			for (Future<Tensor> f : results) assertClose(g.output(), f.get(), 1e-4, "concurrent " + kind);
		}
		finally {
			pool.shutdownNow();
		}
	}

	static List<String> architectureCases() {
		return Golden.casesOf(Architectures.NAMES.toArray(String[]::new));
	}

	/**
	 * What running tiles at once relies on (see {@link org.mambaj.image.Tiler}): on the Java engine every
	 * architecture gives bit for bit the same output on one thread, on three, and as two inferences at once on
	 * one-thread pools (no shared scratch, no lazily built state, no split that depends on the thread count).
	 */
	@ParameterizedTest
	@MethodSource("architectureCases")
	void javaEngineOutputDoesNotDependOnThreads(String name) throws Exception {
		Golden g = Golden.load(name);
		try (Engine engine = new JavaEngine(); Parallel one = new Parallel(1); Parallel three = new Parallel(3);
			OneThreadPools two = new OneThreadPools(2))
		{
			Model m = Architectures.build(g.architecture(), g.config(), g.weights(), engine);
			Tensor input = g.input();
			float[] serial = one.call(() -> m.forward(input)).data();
			assertArrayEquals(serial, three.call(() -> m.forward(input)).data(), name + " on three threads");
			Parallel.Task<Tensor> task = () -> m.forward(input);
			for (Tensor t : two.runAll(List.of(task, task)))
				assertArrayEquals(serial, t.data(), name + ": two inferences at once");
		}
	}
}

package org.mambaj.models;

import static org.mambaj.testing.Golden.assertClose;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mambaj.core.Engine;
import org.mambaj.core.Engines;
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
}

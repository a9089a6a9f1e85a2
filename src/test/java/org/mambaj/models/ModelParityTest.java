package org.mambaj.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mambaj.core.Engine;
import org.mambaj.core.Engines;
import org.mambaj.core.Tensor;
import org.mambaj.testing.Golden;

/** Every architecture against the PyTorch reference output, on every engine (channels-last in and out). */
class ModelParityTest {

	static Stream<Arguments> cases() {
		return Golden.casesOf(Architectures.NAMES.toArray(String[]::new)).stream()
			.flatMap(c -> Stream.of(Arguments.of(c, "java"), Arguments.of(c, "tensorflow")));
	}

	@ParameterizedTest(name = "{0} on {1}")
	@MethodSource("cases")
	void matchesPyTorch(String name, String engineKind) {
		Golden g = Golden.load(name);
		try (Engine engine = Engines.create(engineKind)) {
			Model m = Architectures.build(g.architecture(), g.config(), g.weights(), engine);
			Tensor input = g.input(), before = input.copy();
			Golden.assertClose(g.output(), m.forward(input), 1e-4, name + " on " + engine.name());
			// the tiler refills one tile buffer for the next tile: a network must not write into its input
			assertArrayEquals(before.data(), input.data(), name + " left its input unchanged");
		}
	}
}

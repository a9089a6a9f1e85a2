package org.mambaj.core;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The vector kernels (when the module is present) give the scalar kernels' results on every dense case. */
class JavaKernelsAgreeTest {

	// dynamic tests rather than @ParameterizedTest: junit-jupiter-params is not a dependency
	@TestFactory
	Stream<DynamicTest> vectorMatchesScalar() {
		Engine scalar = new JavaEngine(Kernels.scalar()), best = new JavaEngine(Kernels.best());
		return DenseCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () ->
			DenseCases.assertClose(c.build(scalar).apply(c.input()), c.build(best).apply(c.input()), 1e-5,
				c.name() + " (" + best.name() + " vs " + scalar.name() + ")")));
	}
}

package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EnginesTest {

	@Test
	void javaIsAlwaysThere() {
		assertInstanceOf(JavaEngine.class, Engines.create("java"));
		assertInstanceOf(JavaEngine.class, Engines.create("Java"));
	}

	@Test
	void autoPicksJavaWithVectorKernelsElseTensorFlowWhenItLoads() {
		boolean vector = !Kernels.best().name().equals(Kernels.scalar().name());
		try (Engine engine = Engines.create("auto")) {
			assertEquals(!vector && Engines.tensorFlowAvailable(), engine instanceof TensorFlowEngine);
		}
	}

	@Test
	void tensorFlowOnRequestOrAReason() {
		if (Engines.tensorFlowAvailable()) {
			try (Engine engine = Engines.create("tensorflow")) {
				assertInstanceOf(TensorFlowEngine.class, engine);
			}
		}
		else assertThrows(IllegalStateException.class, () -> Engines.create("tensorflow"));
	}

	@Test
	void unknownKindIsRejected() {
		assertThrows(IllegalArgumentException.class, () -> Engines.create("cuda"));
	}

	@Test
	void describeSaysSomething() {
		assertFalse(Engines.describe().isBlank());
	}
}

package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnginesTest {

	@Test
	void javaIsAlwaysThere() {
		assertInstanceOf(JavaEngine.class, Engines.create("java"));
		assertInstanceOf(JavaEngine.class, Engines.create("Java"));
	}

	@Test
	void autoIsJavaWhetherOrNotTensorFlowLoads() {
		try (Engine engine = Engines.create("auto")) {
			assertInstanceOf(JavaEngine.class, engine);
		}
		assertEquals("java", Engines.resolve(null));
		assertEquals("java", Engines.resolve(" "));
		assertEquals("java", Engines.resolve("AUTO"));
		assertEquals("tensorflow", Engines.resolve("TensorFlow"));
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
	void describeNamesTheDefaultAndTheKernels() {
		String d = Engines.describe();
		assertTrue(d.contains("engine java (default)"), d);
		assertTrue(d.contains(Kernels.best().name()), d);
		assertFalse(d.isBlank());
	}

	@Test
	void tensorFlowJava1IsToldApartWithoutLoadingIt() {
		// this build's test class path has TensorFlow Java 1.0; the marker is a class TensorFlow 1.x lacks
		assertTrue(Engines.tensorFlowInstalled());
		assertFalse(Engines.TF_JAVA_MARKER.isEmpty());
	}
}

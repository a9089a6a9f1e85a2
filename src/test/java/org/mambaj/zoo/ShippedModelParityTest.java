package org.mambaj.zoo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mambaj.models.PackagedModel;

/** Each shipped package's test tensors through Java inference on both engines, against PyTorch's output. */
class ShippedModelParityTest {

	@Test
	void modelsAreShipped() {
		assertFalse(ShippedModels.all().isEmpty(), "no model packages in " + ShippedModels.modelsDir());
	}

	@TestFactory
	Stream<DynamicTest> testTensorsMatchPyTorch() {
		return ShippedModels.all().stream().flatMap(dir -> Stream.of("java", "tensorflow").map(engine ->
			DynamicTest.dynamicTest(dir.getFileName() + " on " + engine, () -> check(dir, engine))));
	}

	private static void check(Path dir, String engine) throws Exception {
		try (PackagedModel m = PackagedModel.load(dir, engine)) {
			double err = m.validate(1e-4);
			assertTrue(err <= 1e-4);
		}
	}
}

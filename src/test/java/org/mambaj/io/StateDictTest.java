package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.core.Tensor;

class StateDictTest {

	@TempDir
	Path dir;

	private static StateDict sample() {
		Map<String, Tensor> m = new LinkedHashMap<>();
		m.put("encoder.layers.0.norm.weight", new Tensor(new float[] { 1, 1, 1 }, 3));
		m.put("encoder.layers.0.norm.bias", new Tensor(new float[] { 0, 0, 0 }, 3));
		m.put("encoder.layers.0.proj.weight", new Tensor(new float[6], 2, 3));
		m.put("encoder.layers.0.bn.num_batches_tracked", new Tensor(new float[] { 7 }));
		m.put("head.weight", new Tensor(new float[] { 1, 2 }, 1, 2));
		return new StateDict(m, "model.safetensors");
	}

	private static void assertContains(String message, String... parts) {
		for (String part : parts) assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
	}

	@Test
	void takesEveryWeightThroughPrefixedViews() {
		StateDict sd = sample();
		StateDict layer = sd.prefixed("encoder.").prefixed("layers.0.");
		assertEquals("encoder.layers.0.", layer.prefix());
		assertTrue(layer.has("norm.weight"));
		assertFalse(layer.has("head.weight"));
		assertArrayEquals(new int[] { 3 }, layer.take("norm.weight", 3).shape());
		layer.take("norm.bias", -1);
		layer.take("proj.weight", 2, -1);
		assertNull(layer.takeOptional("proj.bias", 2));
		assertEquals(Set.of("norm.weight", "norm.bias", "proj.weight", "bn.num_batches_tracked"), layer.keys());
		layer.assertAllUsed();
		assertEquals(List.of("head.weight"), sd.unusedKeys(), "views share the used set with the root");
		assertThrows(ModelLoadException.class, sd::assertAllUsed);
		assertSame(sd.take("head.weight"), sd.takeOptional("head.weight", 1, 2));
		sd.assertAllUsed();
	}

	@Test
	void missingKeyNamesFileKeyAndSimilarKeys() {
		ModelLoadException e = assertThrows(ModelLoadException.class,
			() -> sample().prefixed("encoder.layers.0.").take("norm.wieght", 3));
		assertContains(e.getMessage(), "model.safetensors", "\"encoder.layers.0.norm.wieght\"",
			"encoder.layers.0.norm.weight");
		assertTrue(e.getMessage().indexOf("norm.weight") < e.getMessage().indexOf("head.weight") ||
			!e.getMessage().contains("head.weight"), "closest key first: " + e.getMessage());
	}

	@Test
	void wrongShapeNamesKeyExpectedAndActual() {
		ModelLoadException e = assertThrows(ModelLoadException.class,
			() -> sample().take("encoder.layers.0.proj.weight", 3, 2));
		assertContains(e.getMessage(), "model.safetensors", "\"encoder.layers.0.proj.weight\"", "[2, 3]", "[3, 2]");
		e = assertThrows(ModelLoadException.class, () -> sample().take("head.weight", 2));
		assertContains(e.getMessage(), "[1, 2]", "[2]");
		e = assertThrows(ModelLoadException.class, () -> sample().take("head.weight", -1, 3));
		assertContains(e.getMessage(), "[*, 3]");
	}

	@Test
	void nonFiniteValuesAreRejectedWithTheirIndex() {
		Map<String, Tensor> m = Map.of("w", new Tensor(new float[] { 0, 1, 2, 3, Float.NaN, 5 }, 2, 3),
			"v", new Tensor(new float[] { 1, Float.NEGATIVE_INFINITY }, 2));
		StateDict sd = new StateDict(m, "bad.safetensors");
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> sd.take("w", 2, 3));
		assertContains(e.getMessage(), "bad.safetensors", "\"w\"", "NaN", "flat index 4", "[1, 1]");
		e = assertThrows(ModelLoadException.class, () -> sd.take("v"));
		assertContains(e.getMessage(), "-Infinity", "flat index 1");
		assertEquals(2, sd.unusedKeys().size(), "a rejected weight is not marked used");
	}

	@Test
	void extraKeysAreListedWithTheFile() {
		StateDict sd = sample();
		sd.take("head.weight", 1, 2);
		ModelLoadException e = assertThrows(ModelLoadException.class, sd::assertAllUsed);
		assertContains(e.getMessage(), "model.safetensors", "3 unexpected weights", "encoder.layers.0.norm.weight",
			"encoder.layers.0.norm.bias", "encoder.layers.0.proj.weight");
		assertFalse(e.getMessage().contains("num_batches_tracked"), "BatchNorm counters are ignored");
	}

	@Test
	void loadsSafetensorsIncludingInt64BatchNormCounters() throws IOException {
		StateDict sd = StateDict.load(TestFiles.resource("reference/mixed.safetensors"));
		assertTrue(sd.source().endsWith("mixed.safetensors"));
		assertEquals(12345f, sd.take("bn.num_batches_tracked").data()[0]);
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> sd.take("f16"));
		assertContains(e.getMessage(), "mixed.safetensors", "\"f16\"", "Infinity", "flat index 1");
	}

	@Test
	void loadOfACorruptFileIsAFormatError() throws IOException {
		Path file = TestFiles.safetensors(dir, "{oops", new byte[0]);
		WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> StateDict.load(file));
		assertContains(e.getMessage(), file.toString());
	}
}

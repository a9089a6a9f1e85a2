package org.mambaj.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mambaj.core.Engine;
import org.mambaj.core.JavaEngine;
import org.mambaj.core.Tensor;
import org.mambaj.io.ModelLoadException;
import org.mambaj.io.StateDict;
import org.mambaj.testing.Golden;

/** U-Mamba's published state-dict quirks and input rules (parity itself: ModelParityTest). */
class UMambaTest {

	private static Map<String, Tensor> tensors(Golden g) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		StateDict sd = g.weights();
		for (String k : sd.keys()) out.put(k, sd.take(k));
		return out;
	}

	@Test
	void duplicateKeysArePresentAndIgnoredOnlyAsCopies() {
		Golden g = Golden.load("umamba-bot-small");
		Map<String, Tensor> w = tensors(g);
		assertTrue(w.keySet().stream().anyMatch(k -> k.startsWith("decoder.encoder.")));
		assertTrue(w.keySet().stream().anyMatch(k -> k.contains(".all_modules.")));
		assertTrue(w.containsKey("decoder.seg_layers.0.weight"), "deep-supervision heads are in the state dict");
		Tensor original = w.get("decoder.encoder.stem.0.conv1.weight");
		float[] changed = original.data().clone();
		changed[3] += 0.5f;
		w.put("decoder.encoder.stem.0.conv1.weight", new Tensor(changed, original.shape()));
		try (Engine e = new JavaEngine()) {
			ModelLoadException ex = assertThrows(ModelLoadException.class, () ->
				Architectures.build("umamba_bot", g.config(), new StateDict(w, "edited.pth"), e));
			assertTrue(ex.getMessage().contains("edited.pth") && ex.getMessage().contains("decoder.encoder.stem.0.conv1.weight"),
				ex.getMessage());
		}
	}

	@Test
	void checkpointsWithoutTheCopiesGiveTheSameOutput() {
		Golden g = Golden.load("umamba-bot-small");
		Map<String, Tensor> w = tensors(g);
		w.keySet().removeIf(k -> k.startsWith("decoder.encoder.") || k.contains(".all_modules."));
		try (Engine e = new JavaEngine()) {
			Model m = Architectures.build("umamba_bot", g.config(), new StateDict(w, "deduplicated"), e);
			Golden.assertClose(g.output(), m.forward(g.input()), 1e-4, "without duplicate keys");
		}
	}

	@Test
	void encScanningChannelsNeedsItsTrainingPatchSize() {
		Golden g = Golden.load("umamba-enc-small");
		try (Engine e = new JavaEngine()) {
			Model m = Architectures.build("umamba_enc", g.config(), g.weights(), e);
			IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
				m.forward(Tensor.zeros(1, 48, 24, 3)));
			assertTrue(ex.getMessage().contains("24x12"), ex.getMessage());
		}
	}

	@Test
	void sizesMustBeMultiplesOfTheStridesPerAxis() {
		Golden g = Golden.load("umamba-bot-small"); // strides multiply to 8 (height) and 4 (width)
		try (Engine e = new JavaEngine()) {
			Model m = Architectures.build("umamba_bot", g.config(), g.weights(), e);
			assertEquals(8, m.sizeMultiple());
			assertEquals(1, m.forward(Tensor.zeros(1, 8, 4, 1)).dim(0));
			IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
				m.forward(Tensor.zeros(1, 8, 6, 1)));
			assertTrue(ex.getMessage().contains("multiple of 4"), ex.getMessage());
		}
	}

	@Test
	void malformedPerStageSettingsAreNamed() {
		Golden g = Golden.load("umamba-bot-small");
		Map<String, Object> config = new LinkedHashMap<>(g.config());
		config.put("strides", java.util.List.of(1, 2, 2));
		try (Engine e = new JavaEngine()) {
			IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
				Architectures.build("umamba_bot", config, g.weights(), e));
			assertTrue(ex.getMessage().contains("'strides'") && ex.getMessage().contains("4 entries"), ex.getMessage());
		}
	}
}

package org.mambaj.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mambaj.core.Engine;
import org.mambaj.core.JavaEngine;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;
import org.mambaj.testing.Golden;

/** LightM-UNet's config and input rules, with messages that name the problem (parity itself: ModelParityTest). */
class LightMUNetTest {

	private static String buildError(Map<String, Object> config, StateDict weights) {
		try (Engine e = new JavaEngine()) {
			return assertThrows(RuntimeException.class, () ->
				Architectures.build("lightm_unet", config, weights, e)).getMessage(); // config or load errors
		}
	}

	@Test
	void sizesMustBeMultiplesOfTwoToTheDownsamplings() {
		Golden g = Golden.load("lightmunet-c3"); // four stages: three 2x downsamplings
		try (Engine e = new JavaEngine()) {
			Model m = Architectures.build("lightm_unet", g.config(), g.weights(), e);
			assertEquals(8, m.sizeMultiple());
			assertEquals(3, m.forward(Tensor.zeros(1, 8, 16, 3)).dim(3));
			IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
				m.forward(Tensor.zeros(1, 12, 16, 3)));
			assertTrue(ex.getMessage().contains("multiples of 8"), ex.getMessage());
			ex = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(1, 8, 8, 1)));
			assertTrue(ex.getMessage().contains("3 input channel"), ex.getMessage());
		}
	}

	@Test
	void unsupportedOrInconsistentConfigsAreNamed() {
		Golden g = Golden.load("lightmunet-c1");
		Map<String, Object> config = new LinkedHashMap<>(g.config());
		config.put("spatial_dims", 3);
		assertTrue(buildError(config, g.weights()).contains("'spatial_dims' must be 2"));
		config = new LinkedHashMap<>(g.config());
		config.put("blocks_up", List.of(1, 1, 1));
		String message = buildError(config, g.weights());
		assertTrue(message.contains("'blocks_up'") && message.contains("one entry fewer"), message);
		config = new LinkedHashMap<>(g.config());
		config.put("init_filters", 12);
		assertTrue(buildError(config, g.weights()).contains("multiple of 8"));
	}

	@Test
	void aCheckpointOfAnotherDepthNamesTheMissingWeight() {
		Golden g = Golden.load("lightmunet-c1");
		Map<String, Object> config = new LinkedHashMap<>(g.config());
		config.put("blocks_down", List.of(1, 3, 2)); // the checkpoint has two blocks in stage 1
		String message = buildError(config, g.weights());
		assertTrue(message.contains("down_layers.1.3."), message);
	}
}

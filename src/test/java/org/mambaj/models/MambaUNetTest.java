package org.mambaj.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mambaj.core.Engine;
import org.mambaj.core.JavaEngine;
import org.mambaj.core.Tensor;
import org.mambaj.testing.Golden;

/** Mamba-UNet's config and input rules, with messages that name the problem (parity itself: ModelParityTest). */
class MambaUNetTest {

	private static String buildError(Map<String, Object> config) {
		Golden g = Golden.load("mambaunet-c3");
		try (Engine e = new JavaEngine()) {
			return assertThrows(IllegalArgumentException.class, () ->
				Architectures.build("mamba_unet", config, g.weights(), e)).getMessage();
		}
	}

	@Test
	void dimsMustDoubleAndDepthsHaveFourStages() {
		Map<String, Object> config = new LinkedHashMap<>(Golden.load("mambaunet-c3").config());
		config.put("dims", List.of(16, 32, 48, 128));
		assertTrue(buildError(config).contains("'dims' must be four channel counts doubling"));
		config = new LinkedHashMap<>(Golden.load("mambaunet-c3").config());
		config.put("depths", List.of(1, 2, 1));
		String message = buildError(config);
		assertTrue(message.contains("'depths' needs 4 entries"), message);
	}

	@Test
	void greyImagesAreRepeatedAndSizesAreMultiplesOf32() {
		Golden g = Golden.load("mambaunet-c3");
		try (Engine e = new JavaEngine()) {
			Model m = Architectures.build("mamba_unet", g.config(), g.weights(), e);
			assertArrayEquals(new int[] { 1, 32, 64, 4 }, m.forward(Tensor.zeros(1, 32, 64, 1)).shape());
			IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
				m.forward(Tensor.zeros(1, 48, 64, 3)));
			assertTrue(ex.getMessage().contains("multiples of 32"), ex.getMessage());
			ex = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(1, 32, 32, 2)));
			assertTrue(ex.getMessage().contains("3 input channel"), ex.getMessage());
		}
	}
}

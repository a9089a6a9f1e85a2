package org.mambaj.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mambaj.core.JavaEngine;
import org.mambaj.testing.Golden;

/** MambaIR's upsampler and upscale: what is accepted, and what is refused with a message naming the fix. */
class MambaIRSuperResolutionConfigTest {

	static MambaIRConfig config(Object upsampler, Object upscale) {
		Map<String, Object> m = new HashMap<>();
		m.put("upsampler", upsampler);
		m.put("upscale", upscale);
		return MambaIRConfig.from(new Config("mambair", m));
	}

	@Test
	void scalesTheUpsamplersSupport() {
		assertEquals(1, config("", 4).outputScale()); // upstream ignores upscale without an upsampler
		assertEquals(1, config(null, 2).outputScale()); // Python's None is upstream's "no upsampler" too
		for (int s : new int[] { 2, 3, 4, 8 }) assertEquals(s, config("pixelshuffle", s).outputScale());
		for (int s : new int[] { 2, 3, 4, 5 }) assertEquals(s, config("pixelshuffledirect", s).outputScale());
		assertTrue(config("pixelshuffledirect", 2).lightBlocks());
	}

	@Test
	void unsupportedChoicesAreRefusedByName() {
		var e = assertThrows(ConfigException.class, () -> config("nearest+conv", 2));
		assertTrue(e.getMessage().contains("'upsampler'") && e.getMessage().contains("'pixelshuffledirect'"), e.getMessage());
		e = assertThrows(ConfigException.class, () -> config("pixelshuffle", 6));
		assertTrue(e.getMessage().contains("got 6"), e.getMessage());
		e = assertThrows(ConfigException.class, () -> config("pixelshuffle", 1));
		assertTrue(e.getMessage().contains("got 1"), e.getMessage());
		e = assertThrows(ConfigException.class, () -> config("pixelshuffledirect", 1));
		assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
		e = assertThrows(ConfigException.class, () -> config("pixelshuffledirect", 64));
		assertTrue(e.getMessage().contains("'upscale'"), e.getMessage());
	}

	@Test
	void weightsForAnotherUpscaleAreRefusedNamingTheKey() {
		Golden g = Golden.load("mambair-sr4-c1"); // two x2 stages: upsample.0 and upsample.2
		Map<String, Object> x2 = new HashMap<>(g.config());
		x2.put("upscale", 2);
		var e = assertThrows(RuntimeException.class, () -> Architectures.build("mambair", x2, g.weights(), new JavaEngine()));
		assertTrue(e.getMessage().contains("upsample.2.weight"), e.getMessage());
		Map<String, Object> direct = new HashMap<>(g.config());
		direct.put("upsampler", "pixelshuffledirect");
		e = assertThrows(RuntimeException.class, () -> Architectures.build("mambair", direct, g.weights(), new JavaEngine()));
		assertTrue(e.getMessage().contains("conv_blk.cab"), e.getMessage());
	}
}

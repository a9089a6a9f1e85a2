package org.mambaj.io.nnunet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** nnU-Net's normalization class names become {@link NormalizationScheme}s when read; others are refused by name. */
class NormalizationSchemeTest {

	@Test
	void everyNnUNetClassNameReadsBackAsItsScheme() {
		for (NormalizationScheme s : NormalizationScheme.values()) {
			assertEquals(s, NormalizationScheme.of(s.className()));
			ChannelNormalization n = new ChannelNormalization(s, true, 1, 2, 0, 3);
			assertEquals(n.scheme(), ChannelNormalization.fromMap(n.toMap(), "x").scheme());
		}
	}

	@Test
	void anUnknownSchemeInAPackageNamesTheField() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelNormalization.fromMap(
			Map.of("scheme", "MyNormalization"), "config.mambaj.nnunet.normalization[0]"));
		assertTrue(e.getMessage().startsWith("config.mambaj.nnunet.normalization[0].scheme: normalization scheme " +
			"'MyNormalization' is not supported"), e.getMessage());
		assertTrue(e.getMessage().contains("ZScoreNormalization"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ChannelNormalization.fromMap(Map.of("scheme", "CTNormalization",
			"mean", 0.0), "w"), "CTNormalization without its intensity properties");
	}
}

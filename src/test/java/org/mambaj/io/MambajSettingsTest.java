package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.testing.RdfEdits;
import org.mambaj.testing.TestPackages;

/**
 * config.mambaj is read once, typed, when the package is opened: the channel mode as a {@link ChannelMode} and an
 * nnU-Net package's stored inference ({@code config.mambaj.nnunet}) as an NnUNetInference; a bad value is refused
 * then, naming the file and the field, not when the first image runs.
 */
class MambajSettingsTest {

	@TempDir
	Path tmp;

	@Test
	void theChannelModeIsTyped() throws IOException {
		Path pkg = TestPackages.write(TestPackages.SEGMENTER, tmp);
		assertEquals(ChannelMode.GREY, settings(pkg).channelMode());
		RdfEdits.set(pkg, "config.mambaj.channels", "green");
		assertEquals(ChannelMode.GREEN, settings(pkg).channelMode());
		RdfEdits.set(pkg, "config.mambaj.channels", RdfEdits.REMOVE);
		assertNull(settings(pkg).channelMode(), "left to the network's channel count");
	}

	@Test
	void theStoredNnUNetInferenceIsReadAtLoad() throws IOException {
		Path pkg = TestPackages.write(TestPackages.SEGMENTER, tmp);
		assertNull(settings(pkg).nnunet());
		RdfEdits.set(pkg, "config.mambaj.nnunet", nnunet());
		var inference = settings(pkg).nnunet();
		assertArrayEquals(new int[] { 32, 32 }, inference.patchSize());
		assertArrayEquals(new int[] { 0, 1 }, inference.labelValues());
		assertEquals(0.5, inference.stepSize());
	}

	@Test
	void aBadNnUNetInferenceIsRefusedAtLoadNamingTheField() throws IOException {
		Map<String, Object> notAList = nnunet(), threeD = nnunet(), scheme = nnunet();
		notAList.put("patch_size", 32);
		threeD.put("patch_size", List.of(8, 32, 32));
		scheme.put("normalization", List.of(Map.of("scheme", "MyNormalization")));
		assertRefused("not a map", "config.mambaj.nnunet", "expected a mapping");
		assertRefused(notAList, "config.mambaj.nnunet.patch_size", "expected a list of integers");
		assertRefused(threeD, "config.mambaj.nnunet", "only 2D configurations");
		assertRefused(scheme, "config.mambaj.nnunet.normalization[0].scheme", "MyNormalization");
	}

	private void assertRefused(Object value, String field, String problem) throws IOException {
		Path pkg = TestPackages.write(TestPackages.SEGMENTER, tmp.resolve(field + problem.length()));
		RdfEdits.set(pkg, "config.mambaj.nnunet", value);
		ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage.open(pkg).close());
		String expected = pkg.resolve("rdf.yaml") + ": " + field + ": ";
		assertTrue(e.getMessage().startsWith(expected), "expected \"" + expected + "\" first in: " + e.getMessage());
		assertTrue(e.getMessage().contains(problem), e.getMessage());
	}

	/** A valid stored inference: one z-scored channel, 32x32 patches, labels 0 and 1. */
	private static Map<String, Object> nnunet() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("patch_size", List.of(32, 32));
		m.put("normalization", List.of(Map.of("scheme", "ZScoreNormalization", "use_mask", false)));
		m.put("transpose_forward", List.of(0, 1, 2));
		m.put("label_values", List.of(0, 1));
		m.put("step_size", 0.5);
		m.put("mirror_axes", List.of());
		return m;
	}

	private static MambajSettings settings(Path pkg) throws IOException {
		try (ModelPackage p = ModelPackage.open(pkg)) {
			return p.descriptor().settings();
		}
	}
}

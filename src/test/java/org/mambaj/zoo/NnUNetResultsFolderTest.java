package org.mambaj.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mambaj.core.Tensor;
import org.mambaj.image.Plane;
import org.mambaj.image.PostProcessing;
import org.mambaj.image.Predictor;
import org.mambaj.image.Progress;
import org.mambaj.io.FileTrees;
import org.mambaj.io.Npy;
import org.mambaj.io.nnunet.NnUNetInference;
import org.mambaj.io.nnunet.NnUNetResults;
import org.mambaj.io.nnunet.NormalizationScheme;
import org.mambaj.models.NnUNetNetworks;
import org.mambaj.models.PackagedModel;

/**
 * Synthetic nnU-Net v2 results folders (training/nnunet_ref.py: plans in the older and the >= 2.4 layout with
 * inherits_from, dataset.json with labels or regions, a checkpoint_final.pth as nnU-Net's trainer saves it, random
 * weights) predict in Java as the PyTorch re-implementation of nnU-Net's sliding-window prediction does.
 */
class NnUNetResultsFolderTest {

	@TempDir
	Path tmp;

	static Path caseDir(String name) {
		try {
			return Paths.get(NnUNetResultsFolderTest.class.getResource("/nnunet/" + name).toURI());
		} catch (Exception e) {
			throw new IllegalStateException("test resource missing: nnunet/" + name, e);
		}
	}

	static Stream<Arguments> cases() {
		return Stream.of("bot-old-layout", "bot-cells", "enc-new-layout")
			.flatMap(c -> Stream.of(Arguments.of(c, "java"), Arguments.of(c, "tensorflow")));
	}

	@ParameterizedTest
	@MethodSource("cases")
	void predictsAsNnUNetDoes(String name, String engine) throws Exception {
		Path dir = caseDir(name);
		boolean mirror = Files.readString(dir.resolve("case.json")).contains("true");
		Path pkg = tmp.resolve("pkg");
		NnUNetPackager.write(new NnUNetPackager.Request(dir.resolve("results"), null, null, "synthetic", List.of("A"),
			"MIT", mirror), pkg);
		Tensor input = Npy.read(dir.resolve("input.npy"));
		Plane image = new Plane(input.data(), input.dim(0), input.dim(1), input.dim(2));
		// nnU-Net's modules register layers twice (all_modules.*, decoder.encoder.*): the package keeps each once
		assertTrue(org.mambaj.io.StateDict.load(pkg.resolve("weights.safetensors")).keys().stream()
			.noneMatch(k -> k.contains("all_modules.") || k.startsWith("decoder.encoder.")));
		try (PackagedModel m = PackagedModel.load(pkg, engine)) {
			assertTrue(m.validate(1e-4) <= 1e-4);
			Predictor p = new Predictor(m);
			Plane probabilities = p.scores(image, null, Progress.NONE);
			Tensor expected = Npy.read(dir.resolve("probabilities.npy"));
			assertArrayEquals(expected.shape(), new int[] { probabilities.channels(), probabilities.height(), probabilities.width() });
			float worst = 0;
			for (int i = 0; i < expected.data().length; i++)
				worst = Math.max(worst, Math.abs(expected.data()[i] - probabilities.data()[i]));
			assertTrue(worst <= 1e-4, name + " on " + engine + ": probabilities differ by " + worst);
			Plane labels = p.decide(probabilities);
			// a cell dataset (background, interior, boundary) gives one label per cell, else nnU-Net's label map
			boolean cells = Files.exists(dir.resolve("instances.npy"));
			assertEquals(cells, p.makesInstances());
			assertEquals(!cells, p.makesSemanticLabels());
			float[] want = Npy.read(dir.resolve(cells ? "instances.npy" : "labels.npy")).data();
			int differing = 0;
			for (int i = 0; i < want.length; i++) if (want[i] != labels.data()[i]) differing++;
			assertEquals(0, differing, name + ": label pixels differing from the reference's");
			if (cells) assertTrue(PostProcessing.countLabels(labels) >= 5, "the cell case must have several cells");
		}
	}

	@Test
	void readsTrainerConfigurationAndInheritance() throws IOException {
		NnUNetResults bot = NnUNetResults.read(caseDir("bot-old-layout").resolve("results"), null, null);
		assertEquals("nnUNetTrainerUMambaBot", bot.trainer());
		assertEquals("checkpoint_final.pth", bot.checkpoint().getFileName().toString());
		assertArrayEquals(new int[] { 0, 1, 2 }, bot.inference().labelValues());
		assertFalse(bot.inference().cellInstances(), "labels background, nucleus, membrane: nnU-Net's label map");
		NnUNetResults cells = NnUNetResults.read(caseDir("bot-cells").resolve("results"), null, null);
		assertTrue(cells.inference().cellInstances(), "labels background, interior, boundary: one label per cell");
		assertTrue(NnUNetInference.fromMap(cells.inference().toMap(), "nnunet").cellInstances(), "stored in the package");
		NnUNetResults enc = NnUNetResults.read(caseDir("enc-new-layout").resolve("results").resolve("fold_0"), "0", null);
		assertEquals("2d_small", enc.configurationName());
		assertEquals("PlainConvUNet", String.valueOf(enc.configuration().get("architecture")).replaceAll(
			".*architectures\\.unet\\.(\\w+).*", "$1"), "inherited from '2d'");
		assertArrayEquals(new int[] { 24, 12 }, enc.inference().patchSize(), "the child's own patch size");
		assertArrayEquals(new int[] { 1, 2 }, enc.inference().regionClassOrder());
		assertEquals(NormalizationScheme.CT, enc.inference().normalization().get(0).scheme());
		assertEquals(20.0, enc.inference().normalization().get(0).lower());
		assertArrayEquals(new int[] { 1, 0 }, enc.inference().spatialOrder());
		NnUNetNetworks.Choice net = NnUNetNetworks.forTrainer(enc.trainer(), enc.configuration(), 2, 2, "plans");
		assertEquals("umamba_enc", net.architecture());
		assertEquals(List.of(24L, 12L), net.config().get("input_size"));
	}

	@Test
	void anUnknownInstanceKindIsRefused() throws IOException {
		NnUNetResults cells = NnUNetResults.read(caseDir("bot-cells").resolve("results"), null, null);
		Map<String, Object> stored = new java.util.LinkedHashMap<>(cells.inference().toMap());
		stored.put("instances", "watershed");
		assertMessage(() -> NnUNetInference.fromMap(stored, "config.mambaj.nnunet"), "config.mambaj.nnunet.instances",
			"watershed");
	}

	@Test
	void badFoldersAreRefusedNamingWhatIsWrong() throws IOException {
		Path results = tmp.resolve("results");
		FileTrees.copyAtomically(caseDir("bot-old-layout").resolve("results"), results);
		assertMessage(() -> NnUNetResults.read(results, "3", null), "fold_3", "fold_0");
		assertMessage(() -> NnUNetResults.read(results, null, "best"), "checkpoint_best.pth", "checkpoint_final.pth");
		String plans = Files.readString(results.resolve("plans.json"));
		Files.writeString(results.resolve("plans.json"), plans.replaceFirst("\"patch_size\":\\s*\\[[^\\]]*\\]",
			"\"patch_size\": [8, 32, 24]"));
		assertMessage(() -> NnUNetResults.read(results, null, null), "plans.json", "3D");
		Files.writeString(results.resolve("plans.json"), plans.replaceFirst("\"transpose_forward\":\\s*\\[[^\\]]*\\]",
			"\"transpose_forward\": [1, 0, 2]"));
		assertMessage(() -> NnUNetResults.read(results, null, null), "transpose_forward", "[1, 0, 2]");
		Files.writeString(results.resolve("plans.json"), plans.replace("\"ZScoreNormalization\"", "\"MyNormalization\""));
		assertMessage(() -> NnUNetResults.read(results, null, null), "channel 0", "MyNormalization");
		Files.writeString(results.resolve("plans.json"), plans);
		Files.delete(results.resolve("dataset.json"));
		assertTrue(!NnUNetResults.isResultsFolder(results));
		assertMessage(() -> NnUNetNetworks.forTrainer("nnUNetTrainer", Map.of(), 1, 2, "plans"), "nnUNetTrainer",
			"nnUNetTrainerUMambaBot");
	}

	interface Call {
		void run() throws Exception;
	}

	private static void assertMessage(Call call, String... parts) {
		Exception e = assertThrows(Exception.class, call::run);
		for (String p : parts) assertTrue(String.valueOf(e.getMessage()).contains(p), "'" + p + "' missing from: " + e.getMessage());
	}
}

package org.mambaj.io.pth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mambaj.core.Tensor;
import org.mambaj.io.Checkpoints;
import org.mambaj.io.SafeTensors;
import org.mambaj.io.WeightsFormatException;

/**
 * The fixtures are written by training/make_pth_fixtures.py with torch.save: the same weights in every wrapper
 * format and dtype must read exactly as the .safetensors of the same values; hostile files must be refused by name.
 */
class TorchCheckpointTest {

	static Path fixture(String name) {
		try {
			return Paths.get(TorchCheckpointTest.class.getResource("/io/pth/" + name).toURI());
		} catch (URISyntaxException | NullPointerException e) {
			throw new IllegalStateException("test resource missing: io/pth/" + name, e);
		}
	}

	static void assertSameTensors(Map<String, Tensor> expected, Map<String, Tensor> actual) {
		assertEquals(expected.keySet(), actual.keySet());
		for (String k : expected.keySet()) {
			assertArrayEquals(expected.get(k).shape(), actual.get(k).shape(), k);
			assertArrayEquals(expected.get(k).data(), actual.get(k).data(), 0f, k);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = {"plain", "state_dict", "model", "model_state_dict", "params", "params_ema",
		"network_weights", "module_prefix", "parameters"})
	void everyWrapperGivesTheSafetensorsWeights(String format) throws IOException {
		Map<String, Tensor> reference = SafeTensors.read(fixture("reference.safetensors"));
		assertSameTensors(reference, Checkpoints.tensors(fixture(format + ".pth")));
	}

	@ParameterizedTest
	@ValueSource(strings = {"f16", "bf16", "f64"})
	void otherDtypesWidenExactly(String dtype) throws IOException {
		assertSameTensors(SafeTensors.read(fixture(dtype + ".safetensors")), Checkpoints.tensors(fixture(dtype + ".pth")));
	}

	@Test
	void stridedAndOffsetViewsAreHonoured() throws IOException {
		Map<String, Tensor> sd = Checkpoints.tensors(fixture("plain.pth"));
		Tensor t = sd.get("proj.weight_t"), rows = sd.get("proj.rows"), column = sd.get("proj.column");
		assertArrayEquals(new int[] {5, 6}, t.shape());
		assertArrayEquals(new int[] {3, 5}, rows.shape());
		assertArrayEquals(new int[] {6}, column.shape());
		// base is 6x5: weight_t[j][i] = base[i][j], rows[r][c] = base[r + 2][c], column[i] = base[i][3]
		assertEquals(t.data()[3 * 6 + 2], rows.data()[3], 0f);
		assertEquals(t.data()[3 * 6 + 4], column.data()[4], 0f);
		assertEquals(0, sd.get("norm.scale").rank());
		assertEquals(7f, sd.get("bn.num_batches_tracked").data()[0], 0f);
	}

	@Test
	void nonTensorContentOfTheCheckpointIsReadAsValues() throws IOException {
		Map<?, ?> tree = (Map<?, ?>) TorchCheckpoint.read(fixture("network_weights.pth"));
		assertEquals("nnUNetTrainer", tree.get("trainer_name"));
		assertEquals(1000L, tree.get("current_epoch"));
		assertEquals(List.of(0L, 1L), tree.get("inference_allowed_mirroring_axes"));
		Map<?, ?> init = (Map<?, ?>) tree.get("init_args");
		assertEquals(Boolean.TRUE, init.get("flag"));
		assertTrue(init.containsKey("nothing") && init.get("nothing") == null);
	}

	@Test
	void nnUNetRunInformationIsReadAsPlainValues() throws IOException {
		Map<?, ?> tree = (Map<?, ?>) TorchCheckpoint.read(fixture("nnunet_run.pth"));
		assertEquals("nnUNetTrainerUMambaBot", tree.get("trainer_name"));
		assertEquals(0.275, (Double) tree.get("_best_ema"), 0);
		assertEquals(7L, tree.get("best_step"));
		assertEquals(List.of(0L, 1L), tree.get("inference_allowed_mirroring_axes"));
		Map<?, ?> init = (Map<?, ?>) tree.get("init_args");
		assertEquals("cuda:0", init.get("device"));
		assertEquals("cpu", init.get("cpu"));
		assertEquals("2d", init.get("configuration"));
		Map<?, ?> logging = (Map<?, ?>) tree.get("logging");
		assertEquals(List.of(0.25, 0.5), logging.get("mean_fg_dice"));
		assertEquals(List.of(-0.5, -0.75), logging.get("train_losses")); // float32, exact in binary
		assertEquals(List.of(List.of(0.1, 0.4), List.of(0.2, 0.8)), logging.get("dice_per_class_or_region"));
		assertEquals(List.of(1700000000.5, 1700000100.25), logging.get("epoch_start_timestamps"));
		assertSameTensors(SafeTensors.read(fixture("reference.safetensors")), Checkpoints.tensors(fixture("nnunet_run.pth")));
	}

	@Test
	void numpyScalarOfAnotherDtypeIsRefusedByName() {
		assertRefused("numpy_str_scalar.pth", "numpy.dtype('U3')");
	}

	@Test
	void numpyArrayIsRefusedByName() {
		assertRefused("numpy_array.pth", "numpy.core.multiarray._reconstruct");
	}

	@Test
	void reduceCallingOsSystemIsRefusedByName() {
		assertRefused("evil_system.pth", "posix.system");
		assertTrue(!Files.exists(Path.of("/tmp/mambaj-pwned")), "nothing may run");
	}

	@Test
	void builtinsEvalIsRefusedByName() {
		assertRefused("evil_eval.pth", "builtins.eval");
	}

	@Test
	void unknownGlobalIsRefusedByName() {
		assertRefused("unknown_global.pth", "__main__.Unknown");
	}

	@Test
	void storageLargerThanItsRecordIsRefusedBeforeAllocating() {
		assertRefused("huge_storage.pth", "1000000000000");
	}

	@Test
	void viewOutsideItsStorageIsRefused() {
		assertRefused("view_outside.pth", "storage 0");
	}

	@Test
	void legacyFormatIsRefusedWithAFix() {
		assertRefused("legacy.pth", "legacy");
	}

	@Test
	void truncatedZipIsRefused(@TempDir Path dir) throws IOException {
		byte[] good = Files.readAllBytes(fixture("plain.pth"));
		for (int keep : new int[] {good.length - 30, good.length / 2, 100, 1}) {
			Path cut = dir.resolve("cut" + keep + ".pth");
			Files.write(cut, Arrays.copyOf(good, keep));
			WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> Checkpoints.tensors(cut));
			assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
		}
	}

	@Test
	void aCheckpointWithoutStateDictNamesItsKeys(@TempDir Path dir) throws IOException {
		WeightsFormatException e = assertThrows(WeightsFormatException.class, () ->
			CheckpointWrappers.stateDict(Map.of("epoch", 3L, "optimizer", Map.of()), "x.pth"));
		assertTrue(e.getMessage().contains("x.pth") && e.getMessage().contains("epoch"), e.getMessage());
	}

	private static void assertRefused(String name, String item) {
		Path file = fixture(name);
		WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> Checkpoints.tensors(file));
		assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
		assertTrue(e.getMessage().contains(item), e.getMessage());
	}
}

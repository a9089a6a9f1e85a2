package org.mambaj.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.core.Engine;
import org.mambaj.core.JavaEngine;
import org.mambaj.core.Tensor;
import org.mambaj.io.ModelLoadException;
import org.mambaj.io.SafeTensors;
import org.mambaj.io.StateDict;
import org.mambaj.testing.Golden;

/** Every kind of bad weights or input fails with a message that names the problem. */
class BadInputTest {

	private final Engine engine = new JavaEngine();
	private final Golden vmunet = Golden.load("vmunet-small-c3");

	private Model build(StateDict weights) {
		return Architectures.build(vmunet.architecture(), vmunet.config(), weights, engine);
	}

	@Test
	void unknownArchitecture() {
		var e = assertThrows(IllegalArgumentException.class,
			() -> Architectures.build("vmamba-xl", Map.of(), vmunet.weights(), engine));
		assertTrue(e.getMessage().contains("unknown architecture 'vmamba-xl'"), e.getMessage());
		assertTrue(e.getMessage().contains("weights.safetensors"), e.getMessage());
	}

	@Test
	void missingKeyNamesKeyAndFile(@TempDir Path tmp) throws Exception {
		Map<String, Tensor> t = new LinkedHashMap<>(SafeTensors.read(vmunet.dir().resolve("weights.safetensors")));
		t.remove("vmunet.layers.1.blocks.0.self_attention.A_logs");
		Path f = tmp.resolve("broken.safetensors");
		SafeTensors.write(f, t, null);
		var e = assertThrows(ModelLoadException.class, () -> build(StateDict.load(f)));
		assertTrue(e.getMessage().contains("vmunet.layers.1.blocks.0.self_attention.A_logs"), e.getMessage());
		assertTrue(e.getMessage().contains("broken.safetensors"), e.getMessage());
	}

	@Test
	void extraKeyIsReported(@TempDir Path tmp) throws Exception {
		Map<String, Tensor> t = new LinkedHashMap<>(SafeTensors.read(vmunet.dir().resolve("weights.safetensors")));
		t.put("vmunet.extra_head.weight", Tensor.zeros(3, 3));
		Path f = tmp.resolve("extra.safetensors");
		SafeTensors.write(f, t, null);
		var e = assertThrows(ModelLoadException.class, () -> build(StateDict.load(f)));
		assertTrue(e.getMessage().contains("vmunet.extra_head.weight"), e.getMessage());
	}

	@Test
	void shapeMismatchNamesExpectedAndActual(@TempDir Path tmp) throws Exception {
		Map<String, Tensor> t = new LinkedHashMap<>(SafeTensors.read(vmunet.dir().resolve("weights.safetensors")));
		t.put("vmunet.patch_embed.proj.weight", Tensor.zeros(8, 3, 3, 3));
		Path f = tmp.resolve("shape.safetensors");
		SafeTensors.write(f, t, null);
		var e = assertThrows(ModelLoadException.class, () -> build(StateDict.load(f)));
		assertTrue(e.getMessage().contains("vmunet.patch_embed.proj.weight"), e.getMessage());
		assertTrue(e.getMessage().contains("[8, 3, 4, 4]") && e.getMessage().contains("[8, 3, 3, 3]"), e.getMessage());
	}

	@Test
	void nanWeightsAreRejected(@TempDir Path tmp) throws Exception {
		Map<String, Tensor> t = new LinkedHashMap<>(SafeTensors.read(vmunet.dir().resolve("weights.safetensors")));
		Tensor w = t.get("vmunet.final_conv.weight").copy();
		w.data()[0] = Float.NaN;
		t.put("vmunet.final_conv.weight", w);
		Path f = tmp.resolve("nan.safetensors");
		SafeTensors.write(f, t, null);
		var e = assertThrows(ModelLoadException.class, () -> build(StateDict.load(f)));
		assertTrue(e.getMessage().contains("vmunet.final_conv.weight"), e.getMessage());
	}

	@Test
	void truncatedWeightsFile(@TempDir Path tmp) throws Exception {
		byte[] all = Files.readAllBytes(vmunet.dir().resolve("weights.safetensors"));
		Path f = tmp.resolve("truncated.safetensors");
		Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
		var e = assertThrows(java.io.IOException.class, () -> StateDict.load(f));
		assertTrue(e.getMessage().contains("truncated.safetensors"), e.getMessage());
	}

	@Test
	void badInputs() {
		Model m = build(vmunet.weights());
		assertMessage(() -> m.forward(Tensor.zeros(3, 64, 64)), "NHWC", "[3, 64, 64]");
		assertMessage(() -> m.forward(Tensor.zeros(1, 64, 64, 2)), "3 input channel(s), got 2");
		assertMessage(() -> m.forward(Tensor.zeros(1, 0, 64, 3)), "empty input");
		assertMessage(() -> m.forward(Tensor.zeros(1, 48, 64, 3)), "multiples of 32", "48x64");
		Tensor nan = Tensor.zeros(1, 32, 32, 3);
		nan.data()[5] = Float.NaN;
		assertMessage(() -> m.forward(nan), "NaN", "index 5");
	}

	@Test
	void medmambaRejectsTooSmallImages() {
		Golden g = Golden.load("medmamba-small");
		Model m = Architectures.build(g.architecture(), g.config(), g.weights(), engine);
		assertMessage(() -> m.forward(Tensor.zeros(1, 16, 16, 3)), "at least", "16x16");
		assertEquals(3, m.inputChannels());
	}

	private static void assertMessage(org.junit.jupiter.api.function.Executable run, String... parts) {
		var e = assertThrows(IllegalArgumentException.class, run);
		for (String p : parts) assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
	}
}

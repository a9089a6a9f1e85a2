package org.mambaj.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.mambaj.io.ModelLoadException;
import org.mambaj.io.StateDict;
import org.mambaj.testing.Golden;

/** Swin-UMamba's and Swin-UMamba-dagger's published state-dict layout, config rules, input rules and trainer mapping (parity: ModelParityTest). */
class SwinUMambaTest {

	private final Golden golden = Golden.load("swin-umamba-small-c1");

	private static Map<String, Tensor> tensors(Golden g) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		StateDict sd = g.weights();
		for (String k : sd.keys()) out.put(k, sd.take(k));
		return out;
	}

	private Model build(Map<String, ?> config, Map<String, Tensor> weights, Engine e) {
		return Architectures.build("swin_umamba", config, new StateDict(weights, "edited.pth"), e);
	}

	@Test
	void deepSupervisionHeadsMustBeThereButDoNotChangeTheOutput() {
		Map<String, Tensor> w = tensors(golden);
		assertTrue(w.containsKey("out_layers.3.conv.conv.weight"));
		assertTrue(w.containsKey("encoder1.layer.conv3.conv.weight") && !w.containsKey("decoder1.layer.conv3.conv.weight"),
			"MONAI's residual block has a 1x1 conv only where the channel count changes");
		try (Engine e = new JavaEngine()) {
			Tensor head = w.get("out_layers.2.conv.conv.weight");
			w.put("out_layers.2.conv.conv.weight", new Tensor(new float[head.data().length], head.shape()));
			Golden.assertClose(golden.output(), build(golden.config(), w, e).forward(golden.input()), 1e-4,
				"deep-supervision head zeroed");
			w.remove("out_layers.2.conv.conv.weight");
			ModelLoadException ex = assertThrows(ModelLoadException.class, () -> build(golden.config(), w, e));
			assertTrue(ex.getMessage().contains("edited.pth") && ex.getMessage().contains("out_layers.2.conv.conv.weight"),
				ex.getMessage());
		}
	}

	@Test
	void badConfigsAreNamed() {
		Map<String, Tensor> w = tensors(golden);
		try (Engine e = new JavaEngine()) {
			for (Object[] c : new Object[][] { { "hidden_size", 48, "hidden_size" }, { "feat_size", List.of(6, 4, 8, 16, 24),
				"double" }, { "feat_size", List.of(4, 8, 16, 32), "5 entries" }, { "depths", List.of(1, 1, 1), "4 entries" } }) {
				Map<String, Object> config = new LinkedHashMap<>(golden.config());
				config.put((String) c[0], c[1]);
				ConfigException ex = assertThrows(ConfigException.class, () -> build(config, w, e));
				assertTrue(ex.getMessage().contains("swin_umamba") && ex.getMessage().contains((String) c[2]), ex.getMessage());
			}
		}
	}

	@Test
	void sizesMustBeMultiplesOf32() {
		try (Engine e = new JavaEngine()) {
			Model m = build(golden.config(), tensors(golden), e);
			assertEquals(32, m.sizeMultiple());
			assertArrayEquals(new int[] { 1, 32, 96, 3 }, m.forward(Tensor.zeros(1, 32, 96, 1)).shape());
			IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
				m.forward(Tensor.zeros(1, 32, 48, 1)));
			assertTrue(ex.getMessage().contains("multiples of 32"), ex.getMessage());
		}
	}

	@Test
	void nnUNetTrainersMapToThePublishedNetwork() {
		for (String trainer : List.of("nnUNetTrainerSwinUMamba", "nnUNetTrainerSwinUMambaScratch")) {
			NnUNetNetworks.Choice c = NnUNetNetworks.forTrainer(trainer, Map.of(), 3, 4, "plans.json");
			assertEquals("swin_umamba", c.architecture());
			assertEquals(Map.of("in_chans", 3, "out_chans", 4), c.config());
			Map<String, ?> full = ArchitectureDefaults.config("swin_umamba", c.config());
			assertEquals(List.of(48, 96, 192, 384, 768), full.get("feat_size"), "get_swin_umamba_from_plans' feat_size");
			assertEquals(List.of(2, 2, 9, 2), full.get("depths"), "VMamba-T depths");
		}
		for (String trainer : List.of("nnUNetTrainerSwinUMambaD", "nnUNetTrainerSwinUMambaDScratch")) {
			NnUNetNetworks.Choice c = NnUNetNetworks.forTrainer(trainer, Map.of(), 1, 2, "plans.json");
			assertEquals("swin_umamba_d", c.architecture());
			assertEquals(Map.of("in_chans", 1, "num_classes", 2), c.config());
			Map<String, ?> full = ArchitectureDefaults.config("swin_umamba_d", c.config());
			assertEquals(List.of(96, 192, 384, 768), full.get("dims"), "get_swin_umamba_d_from_plans' dims");
			assertEquals(4, full.get("patch_size"));
		}
	}

	@Test
	void daggerReadsDimsAsUpstreamAndNamesBadConfigs() {
		Golden d = Golden.load("swin-umamba-d-small-c1"); // dims [8, 16, 32, 64]
		Map<String, Tensor> w = tensors(d);
		try (Engine e = new JavaEngine()) {
			Map<String, Object> config = new LinkedHashMap<>(d.config());
			config.put("dims", 8); // upstream's VSSMEncoder: an integer doubles per stage
			Model m = Architectures.build("swin_umamba_d", config, new StateDict(w, "edited.pth"), e);
			assertEquals(32, m.sizeMultiple());
			Golden.assertClose(d.output(), m.forward(d.input()), 1e-4, "dims given as one integer");
			for (Object[] c : new Object[][] { { "patch_size", 2, "patch_size" }, { "dims", List.of(8, 16, 24, 48), "double" },
				{ "dims", List.of(8, 16, 32), "one per stage" } }) {
				Map<String, Object> bad = new LinkedHashMap<>(d.config());
				bad.put((String) c[0], c[1]);
				ConfigException ex = assertThrows(ConfigException.class, () ->
					Architectures.build("swin_umamba_d", bad, new StateDict(w, "edited.pth"), e));
				assertTrue(ex.getMessage().contains("swin_umamba_d") && ex.getMessage().contains((String) c[2]), ex.getMessage());
			}
			w.remove("decoder.seg_layers.1.bias");
			ModelLoadException ex = assertThrows(ModelLoadException.class, () ->
				Architectures.build("swin_umamba_d", d.config(), new StateDict(w, "edited.pth"), e));
			assertTrue(ex.getMessage().contains("decoder.seg_layers.1.bias"), ex.getMessage());
		}
	}
}

package org.mambaj.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mambaj.core.Engine;
import org.mambaj.core.Engines;
import org.mambaj.io.StateDict;
import org.mambaj.models.Config;
import org.mambaj.testing.Golden;

/**
 * The Mamba block (mamba_ssm, as in U-Mamba), U-Mamba's MambaLayer (LayerNorm + Mamba over the pixels) and VMamba's
 * SS2D on their own, against the PyTorch reference.
 */
class BlockParityTest {

	@ParameterizedTest
	@ValueSource(strings = { "java", "tensorflow" })
	void mambaBlock(String engineKind) {
		Golden g = Golden.load("mamba-small");
		Config c = new Config("mamba", g.config());
		try (Engine e = Engines.create(engineKind)) {
			StateDict sd = g.weights();
			MambaBlock block = new MambaBlock(sd, c.getInt("d_model", 0), c.getInt("d_state", 16), c.getInt("d_conv", 4),
				c.getInt("expand", 2), e);
			sd.assertAllUsed();
			Golden.assertClose(g.output(), block.apply(g.input()), 1e-4, "mamba-small on " + e.name());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "java", "tensorflow" })
	void uMambaLayerOverPixels(String engineKind) {
		Golden g = Golden.load("mambalayer-small"); // 1x16x5x7: 35 tokens of 16 channels, d_state 8
		Config c = new Config("mambalayer", g.config());
		try (Engine e = Engines.create(engineKind)) {
			StateDict sd = g.weights();
			UMambaLayer layer = new UMambaLayer(sd, c.getInt("dim", 0), c.getInt("d_state", 16), c.getInt("d_conv", 4),
				c.getInt("expand", 2), false, e);
			sd.assertAllUsed();
			Golden.assertClose(g.output(), layer.apply(g.input()), 1e-4, "mambalayer-small on " + e.name());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "java", "tensorflow" })
	void ss2d(String engineKind) {
		Golden g = Golden.load("ss2d-small");
		Config c = new Config("ss2d", g.config());
		try (Engine e = Engines.create(engineKind)) {
			StateDict sd = g.weights();
			SS2D block = new SS2D(sd, c.getInt("d_model", 0), c.getInt("d_state", 16), c.getInt("d_conv", 3),
				c.getFloat("expand", 2f), e);
			sd.assertAllUsed();
			Golden.assertClose(g.output(), block.apply(g.input()), 1e-4, "ss2d-small on " + e.name());
		}
	}
}

package org.mambaj.models;

import java.util.List;
import java.util.Map;

import org.mambaj.core.Engine;
import org.mambaj.io.StateDict;

/**
 * The architectures a model package may declare, by name. Building one reads only the declared weights:
 * every key must be used and have the expected shape.
 */
public final class Architectures {

	public static final List<String> NAMES = List.of("vmunet", "medmamba", "mambair", "umamba_bot", "umamba_enc",
		"ultralight_vmunet", "lightm_unet", "mamba_unet", "swin_umamba", "swin_umamba_d");

	private Architectures() {}

	public static Model build(String name, Map<String, ?> config, StateDict weights, Engine engine) {
		Config c = new Config(name, config);
		Model m = switch (name == null ? "" : name) {
			case "vmunet" -> new VMUNet(c, weights, engine);
			case "medmamba" -> new MedMamba(c, weights, engine);
			case "mambair" -> new MambaIR(c, weights, engine);
			case "umamba_bot" -> new UMamba(UMamba.Variant.BOT, c, weights, engine);
			case "umamba_enc" -> new UMamba(UMamba.Variant.ENC, c, weights, engine);
			case "ultralight_vmunet" -> new UltraLightVMUNet(c, weights, engine);
			case "lightm_unet" -> new LightMUNet(c, weights, engine);
			case "mamba_unet" -> new MambaUNet(c, weights, engine);
			case "swin_umamba" -> new SwinUMamba(c, weights, engine);
			case "swin_umamba_d" -> new SwinUMambaD(c, weights, engine);
			default -> throw new IllegalArgumentException("unknown architecture '" + name + "' in " +
				weights.source() + "; known: " + NAMES);
		};
		weights.assertAllUsed();
		return m;
	}
}

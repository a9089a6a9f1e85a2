package org.mambaj.io;

import java.util.Map;
import java.util.TreeMap;

/**
 * The classes of the project's PyTorch reference ({@code training/mambaj_ref}) that a bioimage.io 0.5 package names
 * as {@code weights.pytorch_state_dict.architecture.callable}, and the MambaJ architecture each one is. The reference
 * takes the published constructor arguments, so a package of the original code's class with the same name and
 * kwargs describes the same network.
 */
public final class ReferenceArchitectures {

	/** callable -> MambaJ architecture name */
	private static final Map<String, String> BY_CALLABLE = Map.of("VMUNet", "vmunet", "MedMamba", "medmamba",
		"MambaIR", "mambair", "UMambaBot", "umamba_bot", "UMambaEnc", "umamba_enc",
		"UltraLight_VM_UNet", "ultralight_vmunet", "LightMUNet", "lightm_unet",
		"MambaUNet", "mamba_unet", "SwinUMamba", "swin_umamba", "SwinUMambaD", "swin_umamba_d");
	/** the module of training/mambaj_ref each callable is imported from */
	private static final Map<String, String> MODULE = Map.ofEntries(Map.entry("vmunet", "vmunet"),
		Map.entry("medmamba", "medmamba"), Map.entry("mambair", "mambair"), Map.entry("umamba_bot", "umamba"),
		Map.entry("umamba_enc", "umamba"), Map.entry("ultralight_vmunet", "ultralight"),
		Map.entry("lightm_unet", "lightmunet"), Map.entry("mamba_unet", "mambaunet"),
		Map.entry("swin_umamba", "swinumamba"), Map.entry("swin_umamba_d", "swinumamba"));

	private ReferenceArchitectures() {}

	/** The MambaJ architecture of a callable, or null when MambaJ does not know it. */
	public static String architecture(String callable) {
		return BY_CALLABLE.get(callable);
	}

	/** The callable of a MambaJ architecture, or null. */
	public static String callable(String architecture) {
		for (Map.Entry<String, String> e : BY_CALLABLE.entrySet()) if (e.getValue().equals(architecture)) return e.getKey();
		return null;
	}

	/** {@code import_from} of a MambaJ architecture's reference class, e.g. "mambaj_ref.vmunet". */
	public static String importFrom(String architecture) {
		return "mambaj_ref." + MODULE.get(architecture);
	}

	/** The known callables, sorted, for messages. */
	static String known() {
		return String.join(", ", new TreeMap<>(BY_CALLABLE).keySet());
	}
}

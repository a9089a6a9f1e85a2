package org.mambaj.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which MambaJ architecture and config an nnU-Net v2 trainer builds from a plans configuration, as the trainers'
 * {@code build_network_architecture} do (U-Mamba's {@code get_umamba_bot_2d_from_plans} /
 * {@code get_umamba_enc_2d_from_plans}): stages, features, kernels and strides from the plans, input channels from
 * dataset.json, one output per label (or region). Reads both plan layouts: the older per-configuration keys
 * ({@code UNet_base_num_features}, {@code unet_max_num_features}, {@code conv_kernel_sizes},
 * {@code pool_op_kernel_sizes}, {@code n_conv_per_stage_encoder/decoder}) and nnU-Net >= 2.4's
 * {@code architecture.arch_kwargs}.
 */
public final class NnUNetNetworks {

	/** A network to build: an {@link Architectures} name and its config. */
	public record Choice(String architecture, Map<String, Object> config) {}

	private NnUNetNetworks() {}

	/** @param where names the plans file and configuration in errors */
	public static Choice forTrainer(String trainer, Map<String, Object> configuration, int inputChannels,
		int outputChannels, String where) {
		if (trainer.startsWith("nnUNetTrainerSwinUMamba")) return swinUMamba(trainer, inputChannels, outputChannels);
		String arch;
		if (trainer.startsWith("nnUNetTrainerUMambaBot")) arch = "umamba_bot";
		else if (trainer.startsWith("nnUNetTrainerUMambaEnc")) arch = "umamba_enc";
		else throw new IllegalArgumentException("trainer '" + trainer + "' is not one MambaJ can build: supported are " +
			"nnUNetTrainerUMambaBot and nnUNetTrainerUMambaEnc (U-Mamba 2D) and their variants (e.g. ...EncNoAMP), " +
			"nnUNetTrainerSwinUMamba and nnUNetTrainerSwinUMambaD (Swin-UMamba, Swin-UMamba-dagger) and their variants " +
			"(e.g. ...Scratch)");
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("input_channels", inputChannels);
		config.put("num_classes", outputChannels);
		if (configuration.get("architecture") instanceof Map<?, ?> a && a.get("arch_kwargs") instanceof Map<?, ?> kw) {
			int n = integer(kw.get("n_stages"), where + ": architecture.arch_kwargs.n_stages");
			config.put("n_stages", n);
			config.put("features_per_stage", kw.get("features_per_stage"));
			config.put("kernel_sizes", kw.get("kernel_sizes"));
			config.put("strides", kw.get("strides"));
			Object blocks = kw.containsKey("n_conv_per_stage") ? kw.get("n_conv_per_stage") : kw.get("n_blocks_per_stage");
			config.put("n_conv_per_stage", blocks);
			config.put("n_conv_per_stage_decoder", kw.get("n_conv_per_stage_decoder"));
		} else {
			List<?> kernels = list(configuration.get("conv_kernel_sizes"), where + ": conv_kernel_sizes");
			int n = kernels.size();
			int base = integer(configuration.get("UNet_base_num_features"), where + ": UNet_base_num_features");
			int max = integer(configuration.get("unet_max_num_features"), where + ": unet_max_num_features");
			List<Integer> features = new ArrayList<>();
			for (int i = 0; i < n; i++) features.add((int) Math.min((long) base << i, max));
			config.put("n_stages", n);
			config.put("features_per_stage", features);
			config.put("kernel_sizes", kernels);
			config.put("strides", configuration.get("pool_op_kernel_sizes"));
			config.put("n_conv_per_stage", configuration.get("n_conv_per_stage_encoder"));
			config.put("n_conv_per_stage_decoder", configuration.get("n_conv_per_stage_decoder"));
		}
		for (Map.Entry<String, Object> e : config.entrySet()) if (e.getValue() == null) throw new IllegalArgumentException(
			where + ": the plans give no value for the network's '" + e.getKey() + "'");
		if (arch.equals("umamba_enc")) config.put("input_size", configuration.get("patch_size"));
		return new Choice(arch, config);
	}

	/**
	 * Swin-UMamba's get_swin_umamba_from_plans / get_swin_umamba_d_from_plans: fixed networks (a VMamba-Tiny
	 * encoder; feat_size [48, 96, 192, 384, 768] or the VSS decoder), so only the channels and labels come from the
	 * dataset; the plans' stages and kernels are unused.
	 */
	private static Choice swinUMamba(String trainer, int inputChannels, int outputChannels) {
		boolean dagger = trainer.startsWith("nnUNetTrainerSwinUMambaD");
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("in_chans", inputChannels);
		config.put(dagger ? "num_classes" : "out_chans", outputChannels);
		return new Choice(dagger ? "swin_umamba_d" : "swin_umamba", config);
	}

	private static int integer(Object v, String where) {
		if (v instanceof Number n) return n.intValue();
		throw new IllegalArgumentException(where + ": expected an integer, got " + v);
	}

	private static List<?> list(Object v, String where) {
		if (v instanceof List<?> l && !l.isEmpty()) return l;
		throw new IllegalArgumentException(where + ": expected a list, got " + v);
	}
}

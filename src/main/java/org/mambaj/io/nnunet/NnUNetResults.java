package org.mambaj.io.nnunet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.mambaj.core.Tensor;
import org.mambaj.io.JsonFiles;
import org.mambaj.io.pth.CheckpointWrappers;
import org.mambaj.io.pth.TorchCheckpoint;

/**
 * An nnU-Net v2 trained-model folder ({@code Dataset.../Trainer__Plans__configuration/}) as
 * nnunetv2/inference/predict_from_raw_data.py reads it: plans.json, dataset.json and one fold's checkpoint
 * ({@code fold_N/checkpoint_final.pth}, else {@code checkpoint_best.pth}), whose {@code trainer_name} and
 * {@code init_args.configuration} say which network and which configuration of the plans it was trained with.
 * Reading runs no code (see {@link TorchCheckpoint}).
 *
 * @param folder the results folder
 * @param datasetName the plans' dataset_name
 * @param checkpoint the checkpoint read
 * @param trainer the checkpoint's trainer class name, e.g. nnUNetTrainerUMambaBot
 * @param configurationName e.g. "2d"
 * @param configuration that configuration of the plans, inheritance resolved
 * @param inference how nnU-Net predicts with it
 * @param weights the network's state dict
 */
public record NnUNetResults(Path folder, String datasetName, Path checkpoint, String trainer, String configurationName,
	Map<String, Object> configuration, NnUNetInference inference, Map<String, Tensor> weights) {

	public static final List<String> CHECKPOINTS = List.of("checkpoint_final.pth", "checkpoint_best.pth");

	/** True for a results folder or one of its fold folders. */
	public static boolean isResultsFolder(Path p) {
		if (!Files.isDirectory(p)) return false;
		Path root = foldParent(p) != null ? foldParent(p) : p;
		return Files.isRegularFile(root.resolve("plans.json")) && Files.isRegularFile(root.resolve("dataset.json"));
	}

	/**
	 * Reads the folder. {@code path} is the results folder (then {@code fold} picks the fold: null = fold_0, or the
	 * only fold there is) or a {@code fold_N} folder inside it; {@code checkpointName} null = final, else best.
	 */
	public static NnUNetResults read(Path path, String fold, String checkpointName) throws IOException {
		Path root = path, foldDir;
		if (foldParent(path) != null) {
			root = foldParent(path);
			if (fold != null && !path.getFileName().toString().equals("fold_" + fold)) throw new IllegalArgumentException(
				path + " is " + path.getFileName() + " but fold " + fold + " was asked for");
			foldDir = path;
		} else {
			foldDir = fold != null ? path.resolve("fold_" + fold) : defaultFold(path);
		}
		if (!Files.isDirectory(foldDir)) throw new IllegalArgumentException(root + ": no " + foldDir.getFileName() +
			" (folds there: " + folds(root) + ")");
		Path ckpt = checkpoint(foldDir, checkpointName);
		NnUNetPlans plans = new NnUNetPlans(JsonFiles.readObject(root.resolve("plans.json")), root.resolve("plans.json"));
		NnUNetDataset dataset = NnUNetDataset.of(JsonFiles.readObject(root.resolve("dataset.json")), root.resolve("dataset.json"));

		Object tree = TorchCheckpoint.read(ckpt);
		if (!(tree instanceof Map<?, ?> top)) throw new IllegalArgumentException(ckpt + ": not an nnU-Net checkpoint (not a dict)");
		if (!(top.get("trainer_name") instanceof String trainer)) throw new IllegalArgumentException(ckpt +
			": no 'trainer_name'; not a checkpoint written by an nnU-Net v2 trainer");
		String configName = configurationName(top, root, ckpt);
		Map<String, Object> configuration = plans.configuration(configName);
		String where = plans.file() + ": configuration '" + configName + "'";
		int[] patch = NnUNetInference.ints(configuration, "patch_size", where);
		if (patch.length != 2) throw new IllegalArgumentException(where + " is " + patch.length + "D (patch size " +
			java.util.Arrays.toString(patch) + "): MambaJ runs 2D configurations only so far");
		List<ChannelNormalization> norms = normalization(configuration, plans, dataset.inputChannels(), where);
		int[] mirror = top.get("inference_allowed_mirroring_axes") instanceof List<?> axes ?
			axes.stream().mapToInt(a -> ((Number) a).intValue()).toArray() : new int[0];
		NnUNetInference inference = new NnUNetInference(patch, norms, plans.transposeForward(),
			dataset.regions() ? null : dataset.labelValues(), dataset.regions() ? dataset.regionClassOrder() : null,
			0.5, mirror, dataset.cellClasses());
		Map<String, Tensor> weights = CheckpointWrappers.stateDict(top, ckpt.toString());
		return new NnUNetResults(root, plans.datasetName(), ckpt, trainer, configName, configuration, inference, weights);
	}

	private static Path foldParent(Path p) {
		Path name = p.toAbsolutePath().normalize().getFileName();
		Path parent = p.toAbsolutePath().normalize().getParent();
		if (name == null || parent == null || !name.toString().matches("fold_(\\d+|all)")) return null;
		return Files.isRegularFile(parent.resolve("plans.json")) ? parent : null;
	}

	private static Path defaultFold(Path root) throws IOException {
		List<String> folds = folds(root);
		if (folds.contains("fold_0") || folds.isEmpty()) return root.resolve("fold_0");
		if (folds.size() == 1) return root.resolve(folds.get(0));
		throw new IllegalArgumentException(root + " has " + folds + " but no fold_0: say which fold (--fold N)");
	}

	private static List<String> folds(Path root) throws IOException {
		try (Stream<Path> s = Files.list(root)) {
			return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
				.filter(n -> n.matches("fold_(\\d+|all)")).sorted().toList();
		}
	}

	private static Path checkpoint(Path foldDir, String name) throws IOException {
		String file = name == null ? null : name.endsWith(".pth") ? name : "checkpoint_" + name + ".pth";
		if (file != null) {
			if (!file.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("checkpoint name '" + name + "' is not a file name");
			if (Files.isRegularFile(foldDir.resolve(file))) return foldDir.resolve(file);
		} else {
			for (String c : CHECKPOINTS) if (Files.isRegularFile(foldDir.resolve(c))) return foldDir.resolve(c);
		}
		List<String> present;
		try (Stream<Path> s = Files.list(foldDir)) {
			present = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pth")).sorted().toList();
		}
		throw new IllegalArgumentException(foldDir + ": no " + (file != null ? file : String.join(" or ", CHECKPOINTS)) +
			" (checkpoints there: " + present + ")");
	}

	/** init_args.configuration, else the folder name Trainer__Plans__configuration. */
	private static String configurationName(Map<?, ?> top, Path root, Path ckpt) {
		if (top.get("init_args") instanceof Map<?, ?> init && init.get("configuration") instanceof String c) return c;
		String[] parts = root.toAbsolutePath().normalize().getFileName().toString().split("__");
		if (parts.length == 3) return parts[2];
		throw new IllegalArgumentException(ckpt + ": no init_args.configuration, and the folder name " +
			root.getFileName() + " is not Trainer__Plans__configuration");
	}

	private static List<ChannelNormalization> normalization(Map<String, Object> conf, NnUNetPlans plans, int channels,
		String where) {
		if (!(conf.get("normalization_schemes") instanceof List<?> schemes) || schemes.size() != channels)
			throw new IllegalArgumentException(where + ": normalization_schemes " + conf.get("normalization_schemes") +
				" does not list one scheme for each of the " + channels + " channels of dataset.json");
		List<?> masks = conf.get("use_mask_for_norm") instanceof List<?> l ? l : List.of();
		List<ChannelNormalization> out = new ArrayList<>();
		for (int c = 0; c < channels; c++) {
			NormalizationScheme scheme;
			try {
				scheme = NormalizationScheme.of(String.valueOf(schemes.get(c)));
			} catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(where + ", channel " + c + ": " + e.getMessage(), e);
			}
			boolean mask = c < masks.size() && Boolean.TRUE.equals(masks.get(c));
			if (scheme == NormalizationScheme.CT) {
				Map<?, ?> p = plans.intensityProperties(c);
				String w = plans.file() + ": foreground_intensity_properties_per_channel." + c;
				out.add(new ChannelNormalization(scheme, mask, ChannelNormalization.number(p, "mean", w),
					ChannelNormalization.number(p, "std", w), ChannelNormalization.number(p, "percentile_00_5", w),
					ChannelNormalization.number(p, "percentile_99_5", w)));
			} else out.add(new ChannelNormalization(scheme, mask, 0, 1, 0, 0));
		}
		return out;
	}
}

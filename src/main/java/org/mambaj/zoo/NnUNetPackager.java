package org.mambaj.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import org.mambaj.core.Engine;
import org.mambaj.core.Engines;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.FileTrees;
import org.mambaj.io.PackageWriter;
import org.mambaj.models.ArchitectureDefaults;
import org.mambaj.io.StateDict;
import org.mambaj.io.nnunet.NnUNetResults;
import org.mambaj.models.Architectures;
import org.mambaj.models.Model;
import org.mambaj.models.NnUNetNetworks;

/**
 * Turns an nnU-Net v2 results folder into a MambaJ package: the network the checkpoint's trainer builds from the
 * plans (weights checked key by key), and in {@code config.mambaj.nnunet} how nnU-Net predicts around it
 * (normalization, patch size and Gaussian sliding window, labels), which the predictor then follows.
 */
public final class NnUNetPackager {

	/** What the user says: null fold = fold_0 (or the only fold), null checkpoint = final, else best. */
	public record Request(Path results, String fold, String checkpoint, String name, List<String> authors,
		String license, boolean mirror) {}

	/** Packages converted for {@code --model RESULTS_FOLDER} in this process, by real path and fold. */
	private static final Map<String, Path> CONVERTED = new ConcurrentHashMap<>();

	private NnUNetPackager() {}

	public static ModelInfo install(Request r, ModelRegistry registry) throws IOException {
		Path temp = Files.createTempDirectory("mambaj-nnunet");
		try {
			Path pkg = temp.resolve(r.name() != null ? r.name() : defaultName(NnUNetResults.read(r.results(), r.fold(), r.checkpoint())));
			write(r, pkg);
			return registry.install(pkg);
		} finally {
			FileTrees.delete(temp);
		}
	}

	/**
	 * {@code model} itself, or for an nnU-Net results (or fold) folder the package converted from it once per
	 * process (in a temporary folder removed at exit), so that {@code segment --model RESULTS_FOLDER} works.
	 */
	public static String packageFor(String model) throws IOException {
		if (model == null || model.isBlank()) return model;
		Path path = Path.of(model);
		if (!NnUNetResults.isResultsFolder(path)) return model;
		String key = path.toRealPath().toString();
		Path done = CONVERTED.get(key);
		if (done != null && Files.isDirectory(done)) return done.toString();
		synchronized (CONVERTED) {
			done = CONVERTED.get(key);
			if (done != null && Files.isDirectory(done)) return done.toString();
			Path temp = Files.createTempDirectory("mambaj-nnunet");
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					FileTrees.delete(temp);
				} catch (IOException ignored) { } // a temporary folder; the OS cleans it eventually
			}));
			Path pkg = temp.resolve(defaultName(NnUNetResults.read(path, null, null)));
			write(new Request(path, null, null, null, List.of(), null, false), pkg);
			CONVERTED.put(key, pkg);
			return pkg.toString();
		}
	}

	/** Writes the package into {@code out} (absent or empty). */
	public static void write(Request r, Path out) throws IOException {
		NnUNetResults results = NnUNetResults.read(r.results(), r.fold(), r.checkpoint());
		String name = r.name() != null ? r.name() : defaultName(results);
		if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) throw new IllegalArgumentException(
			"--name must be a plain model name (letters, digits, . _ -), got '" + name + "'");
		var inference = results.inference();
		if (!r.mirror()) inference = inference.withoutMirroring();
		NnUNetNetworks.Choice net = NnUNetNetworks.forTrainer(results.trainer(), results.configuration(),
			inference.inputChannels(), inference.outputChannels(),
			results.folder().resolve("plans.json") + ": configuration '" + results.configurationName() + "'");
		Map<String, Tensor> weights = new LinkedHashMap<>(results.weights());
		weights.keySet().removeIf(k -> k.endsWith("num_batches_tracked"));
		int[] patch = inference.patchSize();
		Tensor input = randomInput(inference.inputChannels(), patch[0], patch[1]);
		Tensor output;
		int multiple;
		try (Engine engine = Engines.create("java")) {
			StateDict sd = new StateDict(results.weights(), results.checkpoint().toString());
			Model model = Architectures.build(net.architecture(), net.config(), sd, engine);
			weights.keySet().removeAll(sd.copies()); // layers nnU-Net registers twice: kept once
			multiple = model.sizeMultiple();
			output = Layout.toTorch(model.forward(Layout.fromTorch(input))); // the package's test tensors are bcyx
		}
		Map<String, Object> extra = new LinkedHashMap<>();
		extra.put("nnunet", inference.toMap());
		List<String> authors = r.authors() == null || r.authors().isEmpty() ? List.of("unknown (give --authors)") : r.authors();
		String provenance = "Converted by `mambaj install` from the nnU-Net v2 results folder `" +
			results.folder().getFileName() + "` (" + results.trainer() + ", configuration " + results.configurationName() +
			", `" + results.folder().relativize(results.checkpoint()) + "`); network " + net.architecture() + " " +
			net.config() + ". MambaJ predicts as nnU-Net does: " + describe(inference) + ".";
		PackageWriter.write(out, new PackageWriter.Description(name, "nnU-Net v2 model " + results.datasetName() + " (" +
			results.trainer() + ", " + results.configurationName() + ") converted from its results folder.", authors,
			r.license() != null ? r.license() : "unknown (give --license)", net.architecture(), net.config(),
			"segmentation", inference.inputChannels(), multiple, List.of(), List.of(),
			(List<?>) ArchitectureDefaults.of(net.architecture()).get("cite"), provenance, extra),
			weights, input, output, output); // no pre- or postprocessing in rdf.yaml: the pipeline output is the raw one
	}

	static String defaultName(NnUNetResults results) {
		String fold = results.checkpoint().getParent().getFileName().toString().replace("_", "");
		return (results.datasetName() + "_" + results.configurationName() + "_" + fold)
			.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[^A-Za-z0-9]+", "");
	}

	private static String describe(org.mambaj.io.nnunet.NnUNetInference inf) {
		List<String> schemes = new ArrayList<>();
		inf.normalization().forEach(n -> schemes.add(n.scheme().className()));
		return "normalization " + schemes + ", patch " + inf.patchSize()[0] + "x" + inf.patchSize()[1] + ", step " +
			inf.stepSize() + ", Gaussian weighting, " + (inf.mirrorAxes().length > 0 ? "mirroring, " : "") +
			(inf.regions() ? "sigmoid regions" : "softmax and argmax");
	}

	/** Standard normal values, like a z-scored image, at the patch size (what the network always sees). */
	private static Tensor randomInput(int channels, int h, int w) {
		Random random = new Random(0);
		float[] data = new float[channels * h * w];
		for (int i = 0; i < data.length; i++) data[i] = (float) random.nextGaussian();
		return new Tensor(data, 1, channels, h, w);
	}
}

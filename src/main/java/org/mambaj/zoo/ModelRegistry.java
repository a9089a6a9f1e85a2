package org.mambaj.zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.mambaj.core.Engines;
import org.mambaj.io.FileTrees;
import org.mambaj.io.ModelDescriptor;
import org.mambaj.io.ModelPackage;
import org.mambaj.image.Predictor;
import org.mambaj.models.PackagedModel;

/**
 * The installed models: those bundled with MambaJ, those in the user models folder (which win on equal names),
 * and any package path given directly. Loaded networks are cached by (package, engine), so every image and run
 * reuses them; thread-safe. UI-free: the Fiji commands, ImageJ 1.x plugins and the command line share it.
 */
public final class ModelRegistry implements AutoCloseable {

	/** Largest relative error a package's test output may show (TensorFlow and Java differ by about 1e-5). */
	public static final double VALIDATION_TOLERANCE = 2e-3;

	private static ModelRegistry shared;

	private final BundledModels bundled;
	private final Path userFolder;
	private final Map<String, Slot> loaded = new ConcurrentHashMap<>();
	/** (name or path as asked, engine) -> key in {@code loaded}: repeated requests skip reading the package again. */
	private final Map<String, String> asked = new ConcurrentHashMap<>();

	public ModelRegistry(BundledModels bundled, Path userFolder) {
		this.bundled = bundled;
		this.userFolder = userFolder;
	}

	/**
	 * The registry of this JVM: user models in the folder named by the system property {@code mambaj.models},
	 * else {@code ~/.mambaj/models}; bundled models extracted under {@code ~/.mambaj/cache}.
	 */
	public static synchronized ModelRegistry shared() {
		if (shared == null) {
			Path home = Path.of(System.getProperty("user.home"), ".mambaj");
			String folder = System.getProperty("mambaj.models");
			shared = new ModelRegistry(new BundledModels(ModelRegistry.class.getClassLoader(), home.resolve("cache")),
				folder != null && !folder.isBlank() ? Path.of(folder) : home.resolve("models"));
		}
		return shared;
	}

	public Path userFolder() {
		return userFolder;
	}

	/** Every installed model, user models first; packages that cannot be read are left out (see {@link #problems}). */
	public List<ModelInfo> list() throws IOException {
		List<ModelInfo> models = new ArrayList<>();
		scan(models, null);
		return models;
	}

	/** Why packages in the model folders could not be read, one message each. */
	public List<String> problems() throws IOException {
		List<String> problems = new ArrayList<>();
		scan(new ArrayList<>(), problems);
		return problems;
	}

	/**
	 * The model called {@code nameOrPath} (a folder name or rdf.yaml name, ignoring case), or the package at
	 * that path.
	 */
	public ModelInfo find(String nameOrPath) throws IOException {
		if (nameOrPath == null || nameOrPath.isBlank()) throw new IllegalArgumentException("no model given: " +
			"name an installed model (" + String.join(", ", names()) + ") or a package folder or .zip");
		Path path = Path.of(nameOrPath);
		if (Files.exists(path)) return describe(path, "path");
		for (Path folder : folders())
			for (Path p : packagesIn(folder))
				if (installName(p).equalsIgnoreCase(nameOrPath)) return describe(p, folder.equals(userFolder) ? "user" : "bundled");
		for (ModelInfo m : list())
			if (m.name().equalsIgnoreCase(nameOrPath) || m.title().equalsIgnoreCase(nameOrPath)) return m;
		throw new IllegalArgumentException("no model '" + nameOrPath + "': installed models are " + names() +
			" (or give a package folder or .zip)");
	}

	/** The predictor for a model on an engine (auto, tensorflow, java), loaded once and then shared. */
	public Predictor predictor(String nameOrPath, String engine) throws IOException {
		String kind = engineKind(engine);
		String key = asked.get(nameOrPath + "|" + kind);
		Slot slot = key == null ? null : loaded.get(key);
		if (slot == null) {
			Path location = find(nameOrPath).location().toRealPath();
			key = location + "|" + kind;
			slot = loaded.computeIfAbsent(key, k -> new Slot(location, kind));
		}
		try {
			Predictor p = slot.get();
			asked.put(nameOrPath + "|" + kind, key);
			return p;
		}
		catch (IOException | RuntimeException e) {
			loaded.remove(key, slot); // a later call tries again (e.g. after a fix)
			throw e;
		}
	}

	/** Runs the model's test tensors; returns the largest relative error, or throws naming the difference. */
	public double validate(String nameOrPath, String engine) throws IOException {
		return predictor(nameOrPath, engine).model().validate(VALIDATION_TOLERANCE);
	}

	/**
	 * Validates the package (its test tensors must reproduce) and copies it into the user models folder under
	 * its folder or zip name, replacing an older copy. Nothing is copied when validation fails.
	 */
	public ModelInfo install(Path folderOrZip) throws IOException {
		try (PackagedModel model = PackagedModel.load(folderOrZip, "auto")) {
			model.validate(VALIDATION_TOLERANCE);
		}
		Path target = userFolder.resolve(installName(folderOrZip));
		try (ModelPackage pkg = ModelPackage.open(folderOrZip)) {
			asked.clear(); // a name may now mean the new copy
			evict(target);
			FileTrees.copyAtomically(pkg.root(), target);
		}
		return describe(target, "user");
	}

	/** Releases every loaded network. */
	@Override
	public void close() {
		for (Slot s : loaded.values()) s.close();
		loaded.clear();
	}

	private List<String> names() throws IOException {
		return list().stream().map(ModelInfo::name).toList();
	}

	private void evict(Path location) throws IOException {
		if (!Files.exists(location)) return;
		String prefix = location.toRealPath() + "|";
		loaded.entrySet().removeIf(e -> {
			if (!e.getKey().startsWith(prefix)) return false;
			e.getValue().close();
			return true;
		});
	}

	/** "auto" is resolved now, so that auto and the engine it picks share one loaded network. */
	private static String engineKind(String engine) {
		String kind = engine == null || engine.isBlank() ? "auto" : engine.toLowerCase(Locale.ROOT);
		if (kind.equals("auto")) return Engines.resolveAuto();
		if (!kind.equals("tensorflow") && !kind.equals("java")) throw new IllegalArgumentException(
			"unknown engine '" + engine + "': use auto, tensorflow or java");
		return kind;
	}

	private static String installName(Path folderOrZip) {
		String name = folderOrZip.toAbsolutePath().normalize().getFileName().toString();
		if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) name = name.substring(0, name.length() - 4);
		if (name.equalsIgnoreCase("rdf.yaml")) name = folderOrZip.toAbsolutePath().getParent().getFileName().toString();
		return name.replaceAll("[^A-Za-z0-9._-]", "_");
	}

	/** The model folders, user folder first. */
	private List<Path> folders() throws IOException {
		List<Path> folders = new ArrayList<>(List.of(userFolder));
		Path b = bundled.folder();
		if (b != null) folders.add(b);
		return folders;
	}

	/** The package folders and zips directly inside a model folder, by name. */
	private static List<Path> packagesIn(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) return List.of();
		try (Stream<Path> children = Files.list(folder)) {
			return children.filter(p -> !p.getFileName().toString().startsWith(".")) // half-copied installs, hidden files
				.filter(p -> Files.isDirectory(p) || p.toString().toLowerCase(Locale.ROOT).endsWith(".zip")).sorted().toList();
		}
	}

	private void scan(List<ModelInfo> into, List<String> problems) throws IOException {
		for (Path folder : folders()) {
			for (Path p : packagesIn(folder)) {
				try {
					into.add(describe(p, folder.equals(userFolder) ? "user" : "bundled"));
				}
				catch (IOException | RuntimeException e) {
					if (problems != null) problems.add(e.getMessage());
				}
			}
		}
	}

	static ModelInfo describe(Path location, String origin) throws IOException {
		try (ModelPackage pkg = ModelPackage.open(location)) {
			ModelDescriptor d = pkg.descriptor();
			String name = installName(location);
			@SuppressWarnings("unchecked")
			Map<String, Object> metrics = d.mambajConfig().get("metrics") instanceof Map<?, ?> m ?
				(Map<String, Object>) m : Map.of();
			String task = d.task() == null ? "unknown" : d.task();
			return new ModelInfo(name, d.name(), task, d.description() == null ? "" : d.description(), metrics,
				location, origin);
		}
	}

	/** One network being loaded or loaded: concurrent callers for the same key wait for one load. */
	private static final class Slot {

		private final Path location;
		private final String engine;
		private Predictor predictor;

		Slot(Path location, String engine) {
			this.location = location;
			this.engine = engine;
		}

		synchronized Predictor get() throws IOException {
			if (predictor == null) predictor = new Predictor(PackagedModel.load(location, engine));
			return predictor;
		}

		synchronized void close() {
			if (predictor == null) return;
			try {
				predictor.model().close();
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			predictor = null;
		}
	}
}

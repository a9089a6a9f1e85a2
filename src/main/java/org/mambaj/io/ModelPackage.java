package org.mambaj.io;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.mambaj.core.Tensor;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A bioimage.io-style model package: a folder, or a {@code .zip} of one (files at the zip root or inside a single
 * top-level folder), holding {@code rdf.yaml}, safetensors weights and {@code .npy} test tensors.
 * <p>
 * Opening a package only reads files: the YAML is parsed with snakeyaml's {@link SafeConstructor} (no Java or
 * Python object tags), the architecture is a name looked up by MambaJ, and every file named in rdf.yaml must lie
 * inside the package. A zip is extracted to a temporary folder deleted by {@link #close()} or at JVM exit; unsafe
 * entry names (zip-slip) are refused. Problems raise {@link ModelPackageException} naming the package and the
 * field or file.
 *
 * <h2>bioimage.io 0.5</h2>
 * An rdf.yaml with {@code format_version: 0.5.x} is read by {@link Rdf05Parser} into the same descriptor (axis
 * objects, tensor ids, {@code test_tensor}s, {@code pytorch_state_dict} weights of a known architecture or the
 * safetensors attachment named by {@code config.mambaj.weights}); see docs/bioimageio.md. The fields below are the
 * older 0.4-style layout, still read.
 *
 * <h2>Supported rdf.yaml fields (0.4 style)</h2>
 * <pre>
 * format_version   optional text (not interpreted)
 * type             optional; if present must be "model"
 * name             required text
 * description      optional text
 * authors          optional list of {name: required text, affiliation: optional text}
 * license          optional text (e.g. MIT)
 * version          optional text (numbers are read as text)
 * tags             optional list of texts
 * documentation    optional file name inside the package (e.g. README.md; must exist) or an http(s) URL
 * architecture     required: {name: text, e.g. "vmunet", config: optional mapping of hyper-parameters}
 * weights          required: {safetensors: {source: file name, sha256: optional 64 hex digits, verified on open}}
 *                  (other weight formats may be listed but are ignored)
 * inputs           required non-empty list of
 *                    name              required text, unique
 *                    axes              required text of distinct letters from "btczyx", e.g. "bcyx"
 *                    data_type         optional text, default float32
 *                    shape             required: fixed list of sizes, or {min: [..], step: [..]}, one per axis
 *                    preprocessing     optional list of {name, kwargs: optional mapping}, name one of
 *                                      scale_range (min_percentile, max_percentile, eps, mode: per_sample, axes),
 *                                      zero_mean_unit_variance, fixed_zero_mean_unit_variance, scale_linear
 *                                      (gain, offset), scale_mean_variance, clip, binarize, sigmoid, softmax,
 *                                      ensure_dtype, and MambaJ's instances_from_interior and
 *                                      restore_range; kwargs are typed by RdfParser (ProcessingStep)
 * outputs          required non-empty list of
 *                    name, axes, data_type   as for inputs
 *                    halo              optional list of non-negative integers, one per axis
 *                    postprocessing    optional list of {name, kwargs}, as preprocessing
 * test_inputs      optional list of .npy file names, one per input (must exist)
 * test_outputs     optional list of .npy file names, one per output (must exist)
 * config           optional free mapping; config.mambaj holds MambaJ settings (task: classification |
 *                  segmentation | denoising, class names, metrics, tile defaults...), not interpreted here
 * </pre>
 * Other fields are ignored. {@code bioimageio.yaml} is accepted when there is no {@code rdf.yaml}.
 */
public final class ModelPackage implements AutoCloseable {

	private static final String[] DESCRIPTOR_NAMES = { "rdf.yaml", "bioimageio.yaml" };
	/** rdf.yaml files are a few kB; a limit keeps a hostile file from exhausting memory. */
	private static final int MAX_YAML_CODE_POINTS = 4 * 1024 * 1024;

	private final Path source;
	private final Path root;
	private final Path extractedTo;
	private final ModelDescriptor descriptor;

	private ModelPackage(Path source, Path root, Path extractedTo, ModelDescriptor descriptor) {
		this.source = source;
		this.root = root;
		this.extractedTo = extractedTo;
		this.descriptor = descriptor;
	}

	/**
	 * Opens a package folder, a {@code .zip} of one, or the rdf.yaml file itself; parses and validates rdf.yaml,
	 * checks that the weights and test tensors exist and, when given, the weights' SHA-256.
	 */
	public static ModelPackage open(Path path) throws IOException {
		if (!Files.exists(path)) throw new ModelPackageException(path + ": model package not found");
		Path extracted = null;
		try {
			Path root;
			if (Files.isDirectory(path)) {
				root = path;
			} else if (path.getFileName().toString().toLowerCase().endsWith(".zip")) {
				extracted = ZipExtractor.extract(path);
				root = findRootInZip(extracted, path);
			} else if (path.getFileName().toString().toLowerCase().endsWith(".yaml")) {
				root = path.toAbsolutePath().getParent();
			} else {
				throw new ModelPackageException(path + ": not a model package (expected a folder, a .zip or " +
					"an rdf.yaml)");
			}
			ModelPackage modelPackage = new ModelPackage(path, root, extracted, readDescriptor(root, path));
			modelPackage.validateFiles();
			return modelPackage;
		} catch (IOException | RuntimeException e) {
			if (extracted != null) ZipExtractor.deleteRecursively(extracted);
			throw e;
		}
	}

	public ModelDescriptor descriptor() {
		return descriptor;
	}

	/** The path given to {@link #open}. */
	public Path source() {
		return source;
	}

	/** The folder holding rdf.yaml (inside the extraction folder for a zip). */
	public Path root() {
		return root;
	}

	public Path weightsFile() throws ModelPackageException {
		return resolve(descriptor.weights().source(), descriptor.weights().field() + ".source");
	}

	/** The documentation file, or null when none is given or it is a URL. */
	public Path documentationFile() throws ModelPackageException {
		String doc = descriptor.documentation();
		return doc == null || isUrl(doc) ? null : resolve(doc, "documentation");
	}

	/** The test input tensors, read from their .npy files, in the order of {@code inputs}. */
	public List<Tensor> testInputs() throws IOException {
		return readTensors(descriptor.testInputs(), "test_inputs");
	}

	/** The expected outputs for {@link #testInputs()}, in the order of {@code outputs}. */
	public List<Tensor> testOutputs() throws IOException {
		return readTensors(descriptor.testOutputs(), "test_outputs");
	}

	/**
	 * The weights, opened afresh on each call; named as in the package (a zip's, not its temporary copy's). A
	 * safetensors file is read lazily; a 0.5 package's pytorch_state_dict file ({@code torch.save}) is read whole.
	 */
	public StateDict stateDict() throws IOException {
		try {
			String label = inPackage(descriptor.weights().source());
			if (!descriptor.weights().source().toLowerCase(java.util.Locale.ROOT).endsWith(".safetensors"))
				return new StateDict(Checkpoints.tensors(weightsFile()), label);
			return StateDict.load(weightsFile(), label);
		}
		catch (WeightsFormatException e) {
			throw new WeightsFormatException(renamed(e.getMessage()), e);
		}
	}

	/** How messages name a file of the package: the path for a folder, "pkg.zip!name" for a zip. */
	private String inPackage(String name) {
		return extractedTo == null ? root.resolve(name).toString() : source + "!" + name;
	}

	/** A message with the zip's temporary extraction folder replaced by the zip's name. */
	private String renamed(String message) {
		return extractedTo == null ? message : message.replace(root.toString() + root.getFileSystem().getSeparator(), source + "!")
			.replace(extractedTo.toString(), source.toString());
	}

	/** Deletes the extraction folder of a zip package now; nothing for a folder package. */
	@Override
	public void close() throws IOException {
		if (extractedTo != null) ZipExtractor.deleteRecursively(extractedTo);
	}

	@Override
	public String toString() {
		return "ModelPackage[" + descriptor.name() + " from " + source + "]";
	}

	private void validateFiles() throws IOException {
		WeightsEntry w = descriptor.weights();
		checkFile(weightsFile(), w.field(), "weights file " + w.source(), w.sha256());
		for (PackageFile f : descriptor.checkedFiles())
			checkFile(resolve(f.source(), f.field() + ".source"), f.field(), "file " + f.source(), f.sha256());
		Path documentation = documentationFile();
		if (documentation != null) requireFile(documentation, "documentation");
		for (int i = 0; i < descriptor.testInputs().size(); i++)
			requireFile(resolve(descriptor.testInputs().get(i), "test_inputs[" + i + "]"), "test_inputs[" + i + "]");
		for (int i = 0; i < descriptor.testOutputs().size(); i++)
			requireFile(resolve(descriptor.testOutputs().get(i), "test_outputs[" + i + "]"),
				"test_outputs[" + i + "]");
	}

	/** A file of the package that must exist and, when rdf.yaml gives one, have its SHA-256. */
	private void checkFile(Path file, String field, String what, String expected) throws IOException {
		requireFile(file, field + ".source");
		if (expected == null) return;
		String actual = Sha256.of(file);
		if (!actual.equals(expected)) throw new ModelPackageException(source + ": " + what + " has SHA-256 " + actual +
			" but rdf.yaml " + field + ".sha256 expects " + expected + " (corrupted or replaced file)");
	}

	private List<Tensor> readTensors(List<String> names, String field) throws IOException {
		List<Tensor> tensors = new ArrayList<>();
		try {
			for (int i = 0; i < names.size(); i++) tensors.add(Npy.read(resolve(names.get(i), field + "[" + i + "]")));
		}
		catch (WeightsFormatException e) {
			throw new WeightsFormatException(renamed(e.getMessage()), e);
		}
		return Collections.unmodifiableList(tensors);
	}

	/** A file named in rdf.yaml, refused if it points outside the package or to the network. */
	private Path resolve(String name, String field) throws ModelPackageException {
		if (isUrl(name)) throw new ModelPackageException(source + ": " + field + " is a URL (" + name +
			"); MambaJ only reads files inside the package");
		if (name.indexOf('\0') >= 0) throw new ModelPackageException(source + ": " + field + " \"" +
			name.replace("\0", "\\0") + "\" contains a NUL character");
		Path resolved = root.resolve(name.replace('\\', '/')).normalize();
		if (Path.of(name).isAbsolute() || !resolved.startsWith(root.normalize())) throw new ModelPackageException(
			source + ": " + field + " \"" + name + "\" points outside the package folder");
		return resolved;
	}

	/** A regular file that is, after following any links, inside the package (no link to /etc/passwd). */
	private void requireFile(Path file, String field) throws IOException {
		if (!Files.isRegularFile(file)) throw new ModelPackageException(source + ": file " +
			root.relativize(file) + " named by rdf.yaml " + field + " is missing from the package");
		if (!file.toRealPath().startsWith(root.toRealPath())) throw new ModelPackageException(source + ": file " +
			root.relativize(file) + " named by rdf.yaml " + field + " is a link to " + file.toRealPath() +
			", outside the package; MambaJ reads only files inside it");
	}

	private static boolean isUrl(String name) {
		return name.matches("(?i)^[a-z][a-z0-9+.-]*://.*");
	}

	/** The folder in the extracted zip holding the descriptor: the root or a single top-level folder. */
	private static Path findRootInZip(Path extracted, Path zip) throws IOException {
		if (hasDescriptor(extracted)) return extracted;
		List<Path> topLevel = new ArrayList<>();
		try (Stream<Path> children = Files.list(extracted)) {
			// macOS adds a __MACOSX folder of resource forks to zips; it is never the package.
			children.filter(p -> !p.getFileName().toString().equals("__MACOSX")).forEach(topLevel::add);
		}
		if (topLevel.size() == 1 && Files.isDirectory(topLevel.get(0)) && hasDescriptor(topLevel.get(0)))
			return topLevel.get(0);
		throw new ModelPackageException(zip + ": no rdf.yaml at the root of the zip or inside a single top-level " +
			"folder");
	}

	private static boolean hasDescriptor(Path folder) {
		for (String name : DESCRIPTOR_NAMES) if (Files.isRegularFile(folder.resolve(name))) return true;
		return false;
	}

	/** The parsed and validated rdf.yaml in {@code root} of the package given as {@code source}. */
	private static ModelDescriptor readDescriptor(Path root, Path source) throws IOException {
		Path rdf = descriptorFile(root, source);
		return RdfParser.parse(loadYaml(rdf, source), label(source, rdf));
	}

	private static Path descriptorFile(Path root, Path source) throws ModelPackageException {
		if (source.getFileName() != null && source.getFileName().toString().toLowerCase().endsWith(".yaml")
			&& Files.isRegularFile(source)) return source;
		for (String name : DESCRIPTOR_NAMES) {
			Path candidate = root.resolve(name);
			if (Files.isRegularFile(candidate)) return candidate;
		}
		throw new ModelPackageException(source + ": missing rdf.yaml (not a model package?)");
	}

	private static Object loadYaml(Path rdf, Path source) throws IOException {
		try (Reader reader = Files.newBufferedReader(rdf, StandardCharsets.UTF_8)) {
			return loadYaml(reader, rdf.getFileName().toString(), source);
		}
	}

	private static Object loadYaml(Reader reader, String name, Path source) throws IOException {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setMaxAliasesForCollections(50);
		options.setCodePointLimit(MAX_YAML_CODE_POINTS);
		options.setAllowRecursiveKeys(false);
		Yaml yaml = new Yaml(new SafeConstructor(options));
		try {
			return yaml.load(reader);
		} catch (YAMLException e) {
			// snakeyaml reports undecodable bytes as a YAMLException wrapping the CharacterCodingException
			throw new ModelPackageException(source + ": invalid YAML in " + name + ": " + e.getMessage(), e);
		}
	}

	/**
	 * The validated rdf.yaml of a package, without checking its files: for a zip, read from the archive without
	 * extracting anything (listing and finding models must not unpack every zip).
	 */
	public static ModelDescriptor describe(Path path) throws IOException {
		// a folder's files are checked (SHA-256 of the weights and attachments) when the package is opened to run
		if (Files.isDirectory(path)) return readDescriptor(path, path);
		if (!Files.isRegularFile(path) || !path.getFileName().toString().toLowerCase().endsWith(".zip")) {
			try (ModelPackage p = open(path)) {
				return p.descriptor();
			}
		}
		try (ZipFile zip = new ZipFile(path.toFile())) {
			ZipEntry rdf = descriptorEntry(zip, path);
			try (Reader reader = new InputStreamReader(zip.getInputStream(rdf), StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT))) {
				return RdfParser.parse(loadYaml(reader, rdf.getName(), path), path + "!" + rdf.getName());
			}
		} catch (ZipException e) {
			throw new ModelPackageException(path + ": not a valid zip file: " + e.getMessage(), e);
		}
	}

	/** rdf.yaml (or bioimageio.yaml) at the zip's root or inside its single top-level folder. */
	private static ZipEntry descriptorEntry(ZipFile zip, Path path) throws ModelPackageException {
		Set<String> top = new HashSet<>();
		for (ZipEntry e : Collections.list(zip.entries())) {
			String name = e.getName().replace('\\', '/');
			int slash = name.indexOf('/');
			String first = slash < 0 ? name : name.substring(0, slash);
			if (!first.equals("__MACOSX")) top.add(first);
		}
		for (String name : DESCRIPTOR_NAMES) {
			ZipEntry root = zip.getEntry(name);
			if (root != null && !root.isDirectory()) return root;
		}
		if (top.size() == 1) {
			String folder = top.iterator().next();
			for (String name : DESCRIPTOR_NAMES) {
				ZipEntry inner = zip.getEntry(folder + "/" + name);
				if (inner != null && !inner.isDirectory()) return inner;
			}
		}
		throw new ModelPackageException(path + ": no rdf.yaml at the root of the zip or inside a single top-level " +
			"folder");
	}

	/** Names rdf.yaml relative to what the user opened, e.g. "models/unet.zip!rdf.yaml". */
	private static String label(Path source, Path rdf) {
		if (Files.isDirectory(source)) return source.resolve(rdf.getFileName()).toString();
		if (source.toString().toLowerCase().endsWith(".zip")) return source + "!" + rdf.getFileName();
		return rdf.toString();
	}
}

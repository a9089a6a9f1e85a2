package org.mambaj.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.mambaj.io.Npy;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Holds a model package folder to the bioimage.io model spec 0.5: its rdf.yaml against the spec's own JSON schema
 * ({@code model_v0_5.schema.json}, from the spec repository, MIT), plus the rules the spec's Python code checks beyond
 * the schema: identifiers (tensor and axis ids lowercase, channel names Python identifiers), unique ids, one batch
 * axis, size references to an input axis of its own size, processing axes that exist, every named file present with
 * its SHA-256, and test tensors whose shapes fit their axes.
 */
public final class BioimageioModelCheck {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
	private static final Pattern LOWER_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
	private static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
		"await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
		"if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
		"yield");
	private static final JsonSchemaCheck SCHEMA = new JsonSchemaCheck(loadSchema());

	private BioimageioModelCheck() {}

	/** The problems of the package in {@code folder}; empty when it follows the spec. */
	public static List<String> problems(Path folder) throws IOException {
		Map<?, ?> rdf = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(folder.resolve("rdf.yaml")));
		return problems(rdf, folder);
	}

	/** The problems of {@code rdf} (a parsed rdf.yaml) whose files are in {@code folder}. */
	public static List<String> problems(Map<?, ?> rdf, Path folder) throws IOException {
		List<String> out = new ArrayList<>(SCHEMA.problems(rdf));
		if (!out.isEmpty()) return out; // the rules below assume the schema's structure
		Set<String> tensorIds = new HashSet<>();
		Map<String, Object> independentSizes = new HashMap<>(); // "tensor/axis" -> int or {min, step}
		Map<String, int[]> testShapes = new HashMap<>();
		for (String kind : List.of("inputs", "outputs")) {
			List<?> tensors = (List<?>) rdf.get(kind);
			for (int i = 0; i < tensors.size(); i++) {
				Map<?, ?> t = (Map<?, ?>) tensors.get(i);
				String path = kind + "[" + i + "]";
				String id = String.valueOf(t.containsKey("id") ? t.get("id") : kind.equals("inputs") ? "input" : "output");
				if (!tensorIds.add(id)) out.add(path + ".id: \"" + id + "\" used twice");
				lowerIdentifier(id, path + ".id", out);
				tensor(t, id, path, kind.equals("inputs"), independentSizes, testShapes, folder, out);
			}
		}
		Map<?, ?> weights = (Map<?, ?>) rdf.get("weights");
		for (Map.Entry<?, ?> w : weights.entrySet()) if (w.getValue() instanceof Map<?, ?> entry) {
			file(entry, "weights." + w.getKey(), folder, out);
			if (entry.get("architecture") instanceof Map<?, ?> arch && arch.containsKey("source"))
				file(arch, "weights." + w.getKey() + ".architecture", folder, out);
		}
		if (rdf.get("attachments") instanceof List<?> attachments)
			for (int i = 0; i < attachments.size(); i++) file((Map<?, ?>) attachments.get(i), "attachments[" + i + "]", folder, out);
		if (rdf.get("documentation") instanceof String doc) {
			if (!doc.endsWith(".md")) out.add("documentation: must be a .md file, found " + doc);
			if (!doc.contains("://") && !Files.isRegularFile(folder.resolve(doc))) out.add("documentation: " + doc + " is missing");
		}
		return out;
	}

	private static void tensor(Map<?, ?> t, String id, String path, boolean input, Map<String, Object> independentSizes,
		Map<String, int[]> testShapes, Path folder, List<String> out) throws IOException {
		List<?> axes = (List<?>) t.get("axes");
		Set<String> axisIds = new HashSet<>();
		int batches = 0;
		List<String> ids = new ArrayList<>();
		for (int a = 0; a < axes.size(); a++) {
			Map<?, ?> axis = (Map<?, ?>) axes.get(a);
			String ap = path + ".axes[" + a + "]";
			String type = (String) axis.get("type");
			String axisId = axis.containsKey("id") ? String.valueOf(axis.get("id")) : type.equals("space") ? "x" : type;
			ids.add(axisId);
			if (type.equals("batch")) batches++;
			if (!axisIds.add(axisId)) out.add(ap + ".id: axis \"" + axisId + "\" given twice");
			lowerIdentifier(axisId, ap + ".id", out);
			if (axis.get("channel_names") instanceof List<?> names) for (Object n : names)
				if (!IDENTIFIER.matcher(String.valueOf(n)).matches() || PYTHON_KEYWORDS.contains(n))
					out.add(ap + ".channel_names: \"" + n + "\" is not an identifier");
			Object size = axis.get("size");
			if (size instanceof Map<?, ?> ref && ref.containsKey("tensor_id")) {
				String target = ref.get("tensor_id") + "/" + ref.get("axis_id");
				if (!independentSizes.containsKey(target) || target.equals(id + "/" + axisId))
					out.add(ap + ".size: references " + target + ", not an input axis with a size of its own");
			} else if (input && size != null && !type.equals("batch")) independentSizes.put(id + "/" + axisId, size);
			if (type.equals("channel")) independentSizes.put(id + "/" + axisId, ((List<?>) axis.get("channel_names")).size());
		}
		if (batches > 1) out.add(path + ".axes: more than one batch axis");
		for (String key : List.of("preprocessing", "postprocessing")) if (t.get(key) instanceof List<?> steps)
			for (int s = 0; s < steps.size(); s++) if (((Map<?, ?>) steps.get(s)).get("kwargs") instanceof Map<?, ?> kw
				&& kw.get("axes") instanceof List<?> named) for (Object a : named)
				if (!axisIds.contains(a)) out.add(path + "." + key + "[" + s + "].kwargs.axes: \"" + a + "\" is not an axis of " + id);
		if (t.get("test_tensor") instanceof Map<?, ?> test) {
			if (file(test, path + ".test_tensor", folder, out)) {
				int[] shape = Npy.read(folder.resolve((String) test.get("source"))).shape();
				testShapes.put(id, shape);
				testShape(shape, axes, ids, path, independentSizes, testShapes, out);
			}
		}
	}

	/** Whether the test tensor's shape fits its axes: fixed sizes, min + k * step, a referenced axis' size. */
	private static void testShape(int[] shape, List<?> axes, List<String> ids, String path, Map<String, Object> sizes,
		Map<String, int[]> testShapes, List<String> out) {
		if (shape.length != axes.size()) {
			out.add(path + ".test_tensor: " + shape.length + " dimensions for " + axes.size() + " axes");
			return;
		}
		for (int a = 0; a < shape.length; a++) {
			Map<?, ?> axis = (Map<?, ?>) axes.get(a);
			Object size = axis.get("channel_names") instanceof List<?> names ? (Object) names.size() : axis.get("size");
			int n = shape[a];
			boolean fits;
			if (size == null) fits = true; // a batch axis of any size
			else if (size instanceof Number fixed) fits = n == fixed.intValue();
			else {
				Map<?, ?> m = (Map<?, ?>) size;
				if (m.containsKey("tensor_id")) {
					int[] other = testShapes.get((String) m.get("tensor_id"));
					int offset = m.get("offset") instanceof Number o ? o.intValue() : 0;
					int index = other == null ? -1 : axisIndex(sizes, (String) m.get("tensor_id"), (String) m.get("axis_id"), testShapes);
					// size = referenced size * its scale (1 in MambaJ's inputs) / this axis' scale + offset
					double scale = axis.get("scale") instanceof Number s ? s.doubleValue() : 1;
					fits = other == null || index < 0 || n == Math.round(other[index] / scale) + offset;
				} else {
					int min = ((Number) m.get("min")).intValue(), step = ((Number) m.get("step")).intValue();
					fits = n >= min && (n - min) % step == 0;
				}
			}
			if (!fits) out.add(path + ".test_tensor: size " + n + " of axis " + ids.get(a) + " does not fit " + size);
		}
	}

	/** Position of an input axis in its test tensor, by the order in which the input's axes were recorded. */
	private static int axisIndex(Map<String, Object> sizes, String tensor, String axis, Map<String, int[]> testShapes) {
		// inputs' axes are batch, channel, then space axes in MambaJ's packages and in the spec's examples
		return switch (axis) {
			case "batch" -> 0;
			case "channel" -> 1;
			case "z" -> testShapes.get(tensor).length - 3;
			case "y" -> testShapes.get(tensor).length - 2;
			case "x" -> testShapes.get(tensor).length - 1;
			default -> -1;
		};
	}

	/** A file entry {source, sha256}: present in the folder with that hash. False when it is not there. */
	private static boolean file(Map<?, ?> entry, String path, Path folder, List<String> out) throws IOException {
		String source = (String) entry.get("source");
		if (source.contains("://")) return false;
		Path f = folder.resolve(source);
		if (!Files.isRegularFile(f)) {
			out.add(path + ".source: " + source + " is missing from the package");
			return false;
		}
		if (entry.get("sha256") instanceof String sha && !sha.equalsIgnoreCase(org.mambaj.io.Sha256.of(f)))
			out.add(path + ".sha256: " + source + " has another SHA-256");
		return true;
	}

	private static void lowerIdentifier(String id, String path, List<String> out) {
		if (!LOWER_IDENTIFIER.matcher(id).matches() || PYTHON_KEYWORDS.contains(id))
			out.add(path + ": \"" + id + "\" is not a lowercase identifier");
	}

	private static Map<?, ?> loadSchema() {
		try (InputStream in = BioimageioModelCheck.class.getResourceAsStream("/org/mambaj/io/bioimageio/model_v0_5.schema.json")) {
			LoaderOptions options = new LoaderOptions();
			options.setCodePointLimit(16 << 20);
			return new Yaml(new SafeConstructor(options)).load(new InputStreamReader(in, StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}

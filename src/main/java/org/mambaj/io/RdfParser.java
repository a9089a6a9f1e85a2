package org.mambaj.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns the YAML tree of an rdf.yaml into a validated {@link ModelDescriptor}. See {@link ModelPackage}. */
final class RdfParser {

	/** bioimage.io axis letters: batch, time, channel, z, y, x. */
	private static final String AXIS_LETTERS = "btczyx";
	private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

	private final YamlValues yaml;

	private RdfParser(String file) {
		this.yaml = new YamlValues(file);
	}

	/** {@code file} names the rdf.yaml in error messages. */
	static ModelDescriptor parse(Object root, String file) throws ModelPackageException {
		return new RdfParser(file).descriptor(root);
	}

	private ModelDescriptor descriptor(Object rootValue) throws ModelPackageException {
		if (!(rootValue instanceof Map)) throw yaml.error("(document)", "expected a mapping of fields, found " +
			YamlValues.describe(rootValue));
		Map<?, ?> root = (Map<?, ?>) rootValue;
		String type = yaml.optionalString(root, "type", "type");
		if (type != null && !type.equals("model")) throw yaml.error("type", "expected \"model\", found \"" +
			type + "\"");
		String formatVersion = yaml.optionalString(root, "format_version", "format_version");
		Map<String, Object> config = yaml.immutableMap(root.get("config"), "config");
		MambajSettings settings = settings(config);
		if (formatVersion != null && formatVersion.startsWith("0.5")) return new Rdf05Parser(this, yaml).descriptor(root,
			formatVersion, config, settings);
		List<InputSpec> inputs = inputs(root);
		List<OutputSpec> outputs = outputs(root);
		List<String> testInputs = yaml.stringList(root, "test_inputs", "test_inputs");
		List<String> testOutputs = yaml.stringList(root, "test_outputs", "test_outputs");
		checkTestTensors(inputs.size(), outputs.size(), testInputs, testOutputs, "test_inputs", "test_outputs");
		checkOutputSteps(inputs, outputs, "");
		return new ModelDescriptor(formatVersion,
			yaml.requiredString(root, "name", "name"),
			yaml.optionalString(root, "description", "description"),
			authors(root),
			yaml.optionalString(root, "license", "license"),
			yaml.optionalString(root, "version", "version"),
			yaml.stringList(root, "tags", "tags"),
			yaml.optionalString(root, "documentation", "documentation"),
			architecture(root),
			weights(root),
			inputs, outputs, testInputs, testOutputs, List.of(), config, settings);
	}

	/** {@code config.mambaj} typed and range-checked, read once here (MambaJ's defaults when absent). */
	private MambajSettings settings(Map<String, Object> config) throws ModelPackageException {
		if (config.get("mambaj") == null) return MambajSettings.from(Map.of(), yaml);
		@SuppressWarnings("unchecked")
		Map<String, Object> mambaj = (Map<String, Object>) yaml.map(config.get("mambaj"), "config.mambaj");
		return MambajSettings.from(mambaj, yaml);
	}

	/** One test tensor per tensor, and test outputs exactly when there are test inputs. */
	void checkTestTensors(int inputs, int outputs, List<String> testInputs, List<String> testOutputs, String inField,
		String outField) throws ModelPackageException {
		if (!testInputs.isEmpty() && testInputs.size() != inputs) throw yaml.error(inField,
			"expected one file per input (" + inputs + "), found " + testInputs.size());
		if (!testOutputs.isEmpty() && testOutputs.size() != outputs) throw yaml.error(outField,
			"expected one file per output (" + outputs + "), found " + testOutputs.size());
		if (testInputs.isEmpty() != testOutputs.isEmpty()) throw yaml.error(testInputs.isEmpty() ? inField : outField,
			"required when " + (testInputs.isEmpty() ? outField : inField) + " is given " +
			"(a test input needs the output it should give)");
	}

	List<Author> authors(Map<?, ?> root) throws ModelPackageException {
		List<Author> authors = new ArrayList<>();
		List<?> list = yaml.optionalList(root, "authors", "authors");
		for (int i = 0; i < list.size(); i++) {
			String path = "authors[" + i + "]";
			Map<?, ?> author = yaml.map(list.get(i), path);
			authors.add(new Author(yaml.requiredString(author, "name", path + ".name"),
				yaml.optionalString(author, "affiliation", path + ".affiliation")));
		}
		return Collections.unmodifiableList(authors);
	}

	private Architecture architecture(Map<?, ?> root) throws ModelPackageException {
		Map<?, ?> arch = yaml.map(yaml.required(root, "architecture", "architecture"), "architecture");
		return new Architecture(yaml.requiredString(arch, "name", "architecture.name"),
			yaml.immutableMap(arch.get("config"), "architecture.config"));
	}

	private WeightsEntry weights(Map<?, ?> root) throws ModelPackageException {
		Map<?, ?> weights = yaml.map(yaml.required(root, "weights", "weights"), "weights");
		Object safetensors = weights.get("safetensors");
		if (safetensors == null) throw yaml.error("weights.safetensors", "required field is missing (found " +
			"weight formats " + weights.keySet() + "; MambaJ reads safetensors only)");
		Map<?, ?> entry = yaml.map(safetensors, "weights.safetensors");
		return new WeightsEntry("weights.safetensors", yaml.requiredString(entry, "source", "weights.safetensors.source"),
			sha256(entry.get("sha256"), "weights.safetensors.sha256"));
	}

	/** An optional SHA-256 as 64 hexadecimal digits, lowercased; null when absent. */
	String sha256(Object shaValue, String path) throws ModelPackageException {
		if (shaValue == null) return null;
		// An all-digit hash would be read by YAML as a number and lose leading zeros: demand quoted text.
		if (!(shaValue instanceof String)) throw yaml.error(path, "expected text of 64 hexadecimal digits (quote it), " +
			"found " + YamlValues.describe(shaValue));
		String sha256 = (String) shaValue;
		if (!SHA256.matcher(sha256).matches()) throw yaml.error(path, "expected 64 hexadecimal digits, found \"" +
			sha256 + "\"");
		return sha256.toLowerCase();
	}

	private List<InputSpec> inputs(Map<?, ?> root) throws ModelPackageException {
		List<?> list = yaml.list(yaml.required(root, "inputs", "inputs"), "inputs");
		if (list.isEmpty()) throw yaml.error("inputs", "at least one input is required");
		List<InputSpec> inputs = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			String path = "inputs[" + i + "]";
			Map<?, ?> input = yaml.map(list.get(i), path);
			String axes = axes(input, path);
			ShapeSpec shape = shape(input, axes, path);
			List<ProcessingStep> steps = processing(input, "preprocessing", path);
			checkJointAxes(steps, yaml.optionalList(input, "preprocessing", path + ".preprocessing"), axes, path);
			inputs.add(new InputSpec(yaml.requiredString(input, "name", path + ".name"), axes,
				dataType(input, path), shape, steps));
		}
		checkUniqueNames(inputs.stream().map(InputSpec::name).toArray(String[]::new), "inputs");
		return Collections.unmodifiableList(inputs);
	}

	private List<OutputSpec> outputs(Map<?, ?> root) throws ModelPackageException {
		List<?> list = yaml.list(yaml.required(root, "outputs", "outputs"), "outputs");
		if (list.isEmpty()) throw yaml.error("outputs", "at least one output is required");
		List<OutputSpec> outputs = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			String path = "outputs[" + i + "]";
			Map<?, ?> output = yaml.map(list.get(i), path);
			String axes = axes(output, path);
			List<Integer> halo = output.get("halo") == null ? Collections.emptyList() :
				yaml.intList(output.get("halo"), path + ".halo", 0, MambajSettings.MAX_SIZE);
			if (!halo.isEmpty() && halo.size() != axes.length()) throw yaml.error(path + ".halo", "expected " +
				axes.length() + " entries (one per axis of \"" + axes + "\"), found " + halo.size());
			for (int h : halo) if (h < 0) throw yaml.error(path + ".halo", "negative halo " + halo);
			outputs.add(new OutputSpec(yaml.requiredString(output, "name", path + ".name"), axes,
				dataType(output, path), halo, processing(output, "postprocessing", path)));
		}
		checkUniqueNames(outputs.stream().map(OutputSpec::name).toArray(String[]::new), "outputs");
		return Collections.unmodifiableList(outputs);
	}

	private String axes(Map<?, ?> tensor, String path) throws ModelPackageException {
		String axes = yaml.requiredString(tensor, "axes", path + ".axes");
		Set<Character> seen = new HashSet<>();
		for (char c : axes.toCharArray()) {
			if (AXIS_LETTERS.indexOf(c) < 0) throw yaml.error(path + ".axes", "unknown axis '" + c + "' in \"" +
				axes + "\" (allowed: " + AXIS_LETTERS + ")");
			if (!seen.add(c)) throw yaml.error(path + ".axes", "axis '" + c + "' repeated in \"" + axes + "\"");
		}
		return axes;
	}

	String dataType(Map<?, ?> tensor, String path) throws ModelPackageException {
		String dataType = yaml.optionalString(tensor, "data_type", path + ".data_type");
		return dataType == null ? "float32" : dataType;
	}

	private ShapeSpec shape(Map<?, ?> input, String axes, String path) throws ModelPackageException {
		Object value = yaml.required(input, "shape", path + ".shape");
		List<Integer> min, step;
		if (value instanceof List) {
			min = yaml.intList(value, path + ".shape", 1, MambajSettings.MAX_SIZE);
			step = Collections.nCopies(min.size(), 0);
		} else {
			Map<?, ?> shape = yaml.map(value, path + ".shape");
			min = yaml.intList(yaml.required(shape, "min", path + ".shape.min"), path + ".shape.min", 1, MambajSettings.MAX_SIZE);
			step = yaml.intList(yaml.required(shape, "step", path + ".shape.step"), path + ".shape.step", 0, MambajSettings.MAX_SIZE);
			if (step.size() != min.size()) throw yaml.error(path + ".shape.step", "expected " + min.size() +
				" entries like shape.min, found " + step.size());
		}
		if (min.size() != axes.length()) throw yaml.error(path + ".shape", "expected " + axes.length() +
			" entries (one per axis of \"" + axes + "\"), found " + min.size());
		for (int i = 0; i < min.size(); i++) {
			if (min.get(i) < 1) throw yaml.error(path + ".shape", "size of axis '" + axes.charAt(i) + "' must be " +
				"at least 1, found " + min.get(i));
			if (step.get(i) < 0) throw yaml.error(path + ".shape.step", "negative step for axis '" +
				axes.charAt(i) + "'");
		}
		return new ShapeSpec(min, Collections.unmodifiableList(new ArrayList<>(step)));
	}

	/** {@link ProcessingSteps#read}: a list of {name, kwargs} steps from {@code file}, at {@code path} in it. */
	static List<ProcessingStep> steps(List<?> list, String file, String path, ProcessingStep.Place place)
		throws ModelPackageException {
		RdfParser parser = new RdfParser(file);
		List<ProcessingStep> steps = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) steps.add(parser.step(list.get(i), "name", path + "[" + i + "]", place));
		return Collections.unmodifiableList(steps);
	}

	private List<ProcessingStep> processing(Map<?, ?> tensor, String key, String path)
		throws ModelPackageException {
		List<ProcessingStep> steps = new ArrayList<>();
		List<?> list = yaml.optionalList(tensor, key, path + "." + key);
		ProcessingStep.Place place = key.equals("preprocessing") ? ProcessingStep.Place.INPUT : ProcessingStep.Place.OUTPUT;
		for (int i = 0; i < list.size(); i++) steps.add(step(list.get(i), "name", path + "." + key + "[" + i + "]", place));
		return Collections.unmodifiableList(steps);
	}

	/**
	 * One processing step, its name under {@code nameKey} ("name", or "id" in 0.5), its kwargs typed and
	 * range-checked now (a NaN threshold or a min_size of 1e20 used to give 0 objects without a word); refused when
	 * MambaJ cannot apply it in this list ({@code place}: an input's preprocessing or an output's postprocessing).
	 */
	ProcessingStep step(Object value, String nameKey, String stepPath, ProcessingStep.Place place)
		throws ModelPackageException {
		Map<?, ?> step = yaml.map(value, stepPath);
		String name = yaml.requiredString(step, nameKey, stepPath + "." + nameKey);
		Map<String, Object> kwargs = yaml.immutableMap(step.get("kwargs"), stepPath + ".kwargs");
		String path = stepPath + ".kwargs";
		for (Map.Entry<String, Object> e : kwargs.entrySet())
			if (e.getValue() instanceof Double d && d.isNaN()) throw yaml.error(path + "." + e.getKey(), "NaN is not a value");
		ProcessingStep parsed = ProcessingStepYaml.read(name, kwargs, stepPath + "." + nameKey, path, yaml);
		if (!parsed.place().allows(place)) throw yaml.error(stepPath + "." + nameKey, "MambaJ applies \"" + name +
			"\" only " + (place == ProcessingStep.Place.INPUT ? "after the network (an output's postprocessing)" :
			"before the network (an input's preprocessing)"));
		return parsed;
	}

	/**
	 * 0.4: the axes a statistics step (scale_range, zero_mean_unit_variance) normalizes jointly, given as letters.
	 * MambaJ computes them over all space axes, with the channel axis for all channels together, without it per
	 * channel (read into the step by ProcessingStepYaml), so every space axis must be named.
	 */
	private void checkJointAxes(List<ProcessingStep> steps, List<?> raw, String axes, String path)
		throws ModelPackageException {
		for (int i = 0; i < steps.size(); i++) {
			ProcessingStep step = steps.get(i);
			if (!(step instanceof ProcessingStep.ScaleRange || step instanceof ProcessingStep.ZeroMeanUnitVariance)) continue;
			String field = path + ".preprocessing[" + i + "].kwargs.axes";
			Object given = ((Map<?, ?>) raw.get(i)).get("kwargs") instanceof Map<?, ?> kw ? kw.get("axes") : null;
			if (given == null) continue;
			if (!(given instanceof String named)) throw yaml.error(field, "expected axis letters such as \"cyx\", found " +
				YamlValues.describe(given));
			for (char a : named.toCharArray()) if (axes.indexOf(a) < 0) throw yaml.error(field, "axis '" + a +
				"' is not an axis of this tensor (\"" + axes + "\")");
			for (char a : axes.toCharArray()) {
				boolean space = a == 'x' || a == 'y' || a == 'z';
				if (space && named.indexOf(a) < 0) throw yaml.error(field, step.name() + " over \"" + named + "\" is not " +
					"supported by MambaJ: it computes statistics over all space axes, with the channel axis for all " +
					"channels together (\"cyx\") or without it per channel (\"yx\")");
			}
		}
	}

	/**
	 * What a list of output steps needs, refused at load instead of on the first image: restore_range undoes the
	 * input's scale_range, so it needs one; one instances_from_interior step at most (it makes the labels).
	 * {@code alsoIn} names where else an output's steps come from (0.5: config.mambaj.postprocessing), or "".
	 */
	void checkOutputSteps(List<InputSpec> inputs, List<OutputSpec> outputs, String alsoIn) throws ModelPackageException {
		boolean scaled = inputs.stream().anyMatch(in -> in.preprocessing().stream()
			.anyMatch(s -> s instanceof ProcessingStep.ScaleRange));
		for (int i = 0; i < outputs.size(); i++) {
			List<ProcessingStep> steps = outputs.get(i).postprocessing();
			String path = "outputs[" + i + "].postprocessing" + alsoIn;
			if (!scaled && steps.stream().anyMatch(s -> s instanceof ProcessingStep.RestoreRange)) throw yaml.error(path,
				"restore_range needs a scale_range step in the input's preprocessing (it restores the range that step " +
				"normalized)");
			if (steps.stream().filter(s -> s instanceof ProcessingStep.InstancesFromInterior).count() > 1)
				throw yaml.error(path, "instances_from_interior given twice (one step makes the labels)");
		}
	}

	void checkUniqueNames(String[] names, String path) throws ModelPackageException {
		Set<String> seen = new HashSet<>();
		for (String name : names) if (!seen.add(name)) throw yaml.error(path, "name \"" + name +
			"\" used twice");
	}
}

package org.mambaj.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a bioimage.io model spec 0.5 rdf.yaml ({@code format_version: 0.5.x}) into the same {@link ModelDescriptor}
 * as a 0.4-style one, for the architectures MambaJ knows.
 * <ul>
 * <li>Tensors: {@code id}, {@code axes} as objects (batch; channel with channel_names; space with id x, y or z and a
 * fixed size, {min, step} or, for outputs, a reference to an input's axis; time). Their letters give the axes text
 * ("bcyx"), their sizes the input's {@link ShapeSpec}; output halos come from the space axes.</li>
 * <li>Architecture: {@code config.mambaj.architecture} if given, else the callable of
 * {@code weights.pytorch_state_dict.architecture} ({@link ReferenceArchitectures}); its {@code kwargs} are the
 * architecture config.</li>
 * <li>Weights: the attachment named by {@code config.mambaj.weights} (MambaJ's safetensors), else the
 * pytorch_state_dict file itself (read without Python).</li>
 * <li>Processing: the spec's steps by {@code id}, then MambaJ's own from {@code config.mambaj.preprocessing} /
 * {@code postprocessing}. Normalizing steps work over all space axes, with the channel axis or per channel.</li>
 * <li>Test tensors: {@code test_tensor} of each tensor; MambaJ compares raw network outputs, so
 * {@code config.mambaj.raw_test_outputs} replaces the (post-processed) output test tensors when given.</li>
 * </ul>
 */
final class Rdf05Parser {

	private final RdfParser rdf;
	private final YamlValues yaml;
	/** "tensor id/axis id" -> {min, step} of every input axis, for size references */
	private final Map<String, int[]> inputAxes = new HashMap<>();
	private final List<PackageFile> checkedFiles = new ArrayList<>();

	Rdf05Parser(RdfParser rdf, YamlValues yaml) {
		this.rdf = rdf;
		this.yaml = yaml;
	}

	ModelDescriptor descriptor(Map<?, ?> root, String formatVersion, Map<String, Object> config, MambajSettings settings)
		throws ModelPackageException {
		Map<?, ?> mambaj = config.get("mambaj") == null ? Map.of() : yaml.map(config.get("mambaj"), "config.mambaj");
		List<?> inputList = nonEmpty(root, "inputs"), outputList = nonEmpty(root, "outputs");
		List<InputSpec> inputs = new ArrayList<>();
		List<String> testInputs = new ArrayList<>(), testOutputs = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < inputList.size(); i++) {
			String path = "inputs[" + i + "]";
			Map<?, ?> t = yaml.map(inputList.get(i), path);
			String id = tensorId(t, "input", path, ids);
			Axes axes = axes(t, id, path, true);
			List<ProcessingStep> steps = steps(t, "preprocessing", axes, path, ProcessingStep.Place.INPUT);
			if (i == 0) steps = withOwnSteps(steps, mambaj, "preprocessing", ProcessingStep.Place.INPUT);
			inputs.add(new InputSpec(id, axes.letters, dataType(t, path), new ShapeSpec(axes.min, axes.step), steps));
			testTensor(t, path, testInputs);
		}
		List<OutputSpec> outputs = new ArrayList<>();
		for (int i = 0; i < outputList.size(); i++) {
			String path = "outputs[" + i + "]";
			Map<?, ?> t = yaml.map(outputList.get(i), path);
			String id = tensorId(t, "output", path, ids);
			Axes axes = axes(t, id, path, false);
			List<ProcessingStep> steps = steps(t, "postprocessing", axes, path, ProcessingStep.Place.OUTPUT);
			if (i == 0) steps = withOwnSteps(steps, mambaj, "postprocessing", ProcessingStep.Place.OUTPUT);
			outputs.add(new OutputSpec(id, axes.letters, dataType(t, path), axes.halo, steps));
			testTensor(t, path, testOutputs);
		}
		rdf.checkTestTensors(inputs.size(), outputs.size(), testInputs, testOutputs, "inputs[].test_tensor",
			"outputs[].test_tensor");
		rdf.checkOutputSteps(inputs, outputs, " (with config.mambaj.postprocessing)");
		Map<String, PackageFile> attachments = attachments(root);
		if (mambaj.get("raw_test_outputs") != null) testOutputs = rawTestOutputs(mambaj, attachments, outputs.size());
		Map<?, ?> weights = yaml.map(yaml.required(root, "weights", "weights"), "weights");
		Map<?, ?> torch = weights.get("pytorch_state_dict") == null ? null :
			yaml.map(weights.get("pytorch_state_dict"), "weights.pytorch_state_dict");
		return new ModelDescriptor(formatVersion,
			yaml.requiredString(root, "name", "name"),
			yaml.optionalString(root, "description", "description"),
			rdf.authors(root),
			yaml.optionalString(root, "license", "license"),
			yaml.optionalString(root, "version", "version"),
			yaml.stringList(root, "tags", "tags"),
			yaml.optionalString(root, "documentation", "documentation"),
			architecture(mambaj, torch, weights),
			weightsEntry(mambaj, torch, attachments, weights),
			Collections.unmodifiableList(inputs), Collections.unmodifiableList(outputs),
			Collections.unmodifiableList(testInputs), Collections.unmodifiableList(testOutputs),
			Collections.unmodifiableList(checkedFiles), config, settings);
	}

	private List<?> nonEmpty(Map<?, ?> root, String key) throws ModelPackageException {
		List<?> list = yaml.list(yaml.required(root, key, key), key);
		if (list.isEmpty()) throw yaml.error(key, "at least one tensor is required");
		return list;
	}

	private String tensorId(Map<?, ?> t, String fallback, String path, Set<String> ids) throws ModelPackageException {
		String id = t.get("id") == null ? fallback : yaml.requiredString(t, "id", path + ".id");
		if (!ids.add(id)) throw yaml.error(path + ".id", "tensor id \"" + id + "\" used twice");
		return id;
	}

	private String dataType(Map<?, ?> t, String path) throws ModelPackageException {
		Object data = t.get("data");
		if (data == null) return "float32";
		if (data instanceof List<?> perChannel) {
			if (perChannel.isEmpty()) throw yaml.error(path + ".data", "expected at least one data description");
			data = perChannel.get(0);
		}
		String type = yaml.optionalString(yaml.map(data, path + ".data"), "type", path + ".data.type");
		return type == null ? "float32" : type;
	}

	/** The axis letters, the input's sizes ({min, step} per axis) and the output's halos. */
	private record Axes(String letters, List<Integer> min, List<Integer> step, List<Integer> halo, Set<String> ids,
		int channels) {}

	private Axes axes(Map<?, ?> t, String tensorId, String path, boolean input) throws ModelPackageException {
		List<?> list = yaml.list(yaml.required(t, "axes", path + ".axes"), path + ".axes");
		if (list.isEmpty()) throw yaml.error(path + ".axes", "at least one axis is required");
		StringBuilder letters = new StringBuilder();
		List<Integer> min = new ArrayList<>(), step = new ArrayList<>(), halo = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		int channels = 1;
		for (int a = 0; a < list.size(); a++) {
			String ap = path + ".axes[" + a + "]";
			Map<?, ?> axis = yaml.map(list.get(a), ap);
			String type = yaml.requiredString(axis, "type", ap + ".type");
			String id = axis.get("id") == null ? defaultId(type) : yaml.requiredString(axis, "id", ap + ".id");
			char letter = letter(type, id, ap);
			if (letters.indexOf(String.valueOf(letter)) >= 0 || !ids.add(id)) throw yaml.error(ap, "axis \"" + id +
				"\" given twice");
			letters.append(letter);
			int[] size = size(axis, type, ap, tensorId, id, input);
			if (type.equals("channel")) channels = size[0];
			min.add(size[0]);
			step.add(size[1]);
			halo.add(axis.get("halo") == null ? 0 : yaml.integer(axis.get("halo"), ap + ".halo", 0, MambajSettings.MAX_SIZE));
			if (input) inputAxes.put(tensorId + "/" + id, size);
		}
		return new Axes(letters.toString(), Collections.unmodifiableList(min), Collections.unmodifiableList(step),
			halo.stream().allMatch(h -> h == 0) ? List.of() : Collections.unmodifiableList(halo), ids, channels);
	}

	private static String defaultId(String type) {
		return switch (type) {
			case "space" -> "x";
			default -> type;
		};
	}

	private char letter(String type, String id, String path) throws ModelPackageException {
		switch (type) {
			case "batch": return 'b';
			case "channel": return 'c';
			case "time": return 't';
			case "space":
				if (id.equals("x") || id.equals("y") || id.equals("z")) return id.charAt(0);
				throw yaml.error(path + ".id", "space axis \"" + id + "\": MambaJ reads space axes x, y and z");
			case "index": throw yaml.error(path + ".type", "index axes are not supported by MambaJ (it reads batch, " +
				"channel, time and space axes)");
			default: throw yaml.error(path + ".type", "expected batch, channel, index, time or space, found \"" + type + "\"");
		}
	}

	/** {min, step} of an axis; for an output axis that references an input axis, that axis' own. */
	private int[] size(Map<?, ?> axis, String type, String path, String tensorId, String id, boolean input)
		throws ModelPackageException {
		if (type.equals("batch")) {
			if (axis.get("size") != null) yaml.integer(axis.get("size"), path + ".size", 1, 1);
			return new int[] { 1, 0 };
		}
		if (type.equals("channel")) {
			List<String> names = yaml.stringList(axis, "channel_names", path + ".channel_names");
			if (names.isEmpty()) throw yaml.error(path + ".channel_names", "required: one name per channel");
			return new int[] { names.size(), 0 };
		}
		Object size = yaml.required(axis, "size", path + ".size");
		if (!(size instanceof Map)) return new int[] { yaml.integer(size, path + ".size", 1, MambajSettings.MAX_SIZE), 0 };
		Map<?, ?> m = (Map<?, ?>) size;
		if (m.get("tensor_id") != null || m.get("axis_id") != null) {
			String ref = yaml.requiredString(m, "tensor_id", path + ".size.tensor_id") + "/" +
				yaml.requiredString(m, "axis_id", path + ".size.axis_id");
			int[] target = inputAxes.get(ref);
			if (target == null || ref.equals(tensorId + "/" + id)) throw yaml.error(path + ".size", "references " + ref +
				", which is not " + (input ? "an earlier" : "an") + " input's axis (inputs' axes: " + inputAxes.keySet() + ")");
			int offset = m.get("offset") == null ? 0 : yaml.integer(m.get("offset"), path + ".size.offset", -MambajSettings.MAX_SIZE,
				MambajSettings.MAX_SIZE);
			return new int[] { Math.max(1, target[0] + offset), target[1] };
		}
		int min = yaml.integer(yaml.required(m, "min", path + ".size.min"), path + ".size.min", 1, MambajSettings.MAX_SIZE);
		int step = yaml.integer(yaml.required(m, "step", path + ".size.step"), path + ".size.step", 1, MambajSettings.MAX_SIZE);
		return new int[] { min, step };
	}

	private List<ProcessingStep> steps(Map<?, ?> t, String key, Axes axes, String path, ProcessingStep.Place place)
		throws ModelPackageException {
		List<ProcessingStep> steps = new ArrayList<>();
		List<?> list = yaml.optionalList(t, key, path + "." + key);
		for (int i = 0; i < list.size(); i++) {
			String sp = path + "." + key + "[" + i + "]";
			Map<?, ?> kwargs = yaml.map(list.get(i), sp).get("kwargs") instanceof Map<?, ?> m ? m : Map.of();
			ProcessingStep step = rdf.step(list.get(i), "id", sp, place);
			checkAxes(step, kwargs, axes, sp + ".kwargs");
			steps.add(step);
		}
		return steps;
	}

	/**
	 * The spec lets a step name its axes. A statistics step (scale_range, zero_mean_unit_variance) must name every
	 * space axis: with the channel axis its statistics are over all channels together, without it per channel (read
	 * into the step by ProcessingStepYaml). Elementwise steps are the same over any axes.
	 */
	private void checkAxes(ProcessingStep step, Map<?, ?> kwargs, Axes axes, String path) throws ModelPackageException {
		Object given = kwargs.get("axes");
		if (kwargs.get("reference_tensor") != null) throw yaml.error(path + ".reference_tensor", "statistics of " +
			"another tensor are not supported by MambaJ");
		if (step instanceof ProcessingStep.Softmax && kwargs.get("axis") != null &&
			!"channel".equals(kwargs.get("axis"))) throw yaml.error(path + ".axis", "MambaJ applies softmax " +
				"over the channel axis, found \"" + kwargs.get("axis") + "\"");
		if (given == null) return;
		List<String> named = yaml.stringList(kwargs, "axes", path + ".axes");
		for (String a : named) if (!axes.ids().contains(a)) throw yaml.error(path + ".axes", "axis \"" + a +
			"\" is not an axis of this tensor " + axes.ids());
		if (!(step instanceof ProcessingStep.ScaleRange || step instanceof ProcessingStep.ZeroMeanUnitVariance)) return;
		for (String id : axes.ids()) {
			boolean space = id.equals("x") || id.equals("y") || id.equals("z");
			if (space && !named.contains(id)) throw yaml.error(path + ".axes", step.name() + " over " + named +
				" is not supported by MambaJ: it computes statistics over all space axes, with the channel axis for " +
				"all channels together ([channel, y, x]) or without it per channel ([y, x])");
		}
	}

	private List<ProcessingStep> withOwnSteps(List<ProcessingStep> steps, Map<?, ?> mambaj, String key,
		ProcessingStep.Place place) throws ModelPackageException {
		List<?> own = mambaj.get(key) == null ? List.of() : yaml.list(mambaj.get(key), "config.mambaj." + key);
		List<ProcessingStep> all = new ArrayList<>(steps);
		for (int i = 0; i < own.size(); i++) all.add(rdf.step(own.get(i), "name", "config.mambaj." + key + "[" + i + "]", place));
		return Collections.unmodifiableList(all);
	}

	private void testTensor(Map<?, ?> t, String path, List<String> sources) throws ModelPackageException {
		if (t.get("test_tensor") == null) return;
		Map<?, ?> file = yaml.map(t.get("test_tensor"), path + ".test_tensor");
		String source = yaml.requiredString(file, "source", path + ".test_tensor.source");
		String sha = rdf.sha256(file.get("sha256"), path + ".test_tensor.sha256");
		if (sha != null) checkedFiles.add(new PackageFile(path + ".test_tensor", source, sha));
		sources.add(source);
	}

	/** attachments by source */
	private Map<String, PackageFile> attachments(Map<?, ?> root) throws ModelPackageException {
		Map<String, PackageFile> files = new HashMap<>();
		List<?> list = yaml.optionalList(root, "attachments", "attachments");
		for (int i = 0; i < list.size(); i++) {
			String path = "attachments[" + i + "]";
			Map<?, ?> file = yaml.map(list.get(i), path);
			String source = yaml.requiredString(file, "source", path + ".source");
			files.put(source, new PackageFile(path, source, rdf.sha256(file.get("sha256"), path + ".sha256")));
		}
		return files;
	}

	private List<String> rawTestOutputs(Map<?, ?> mambaj, Map<String, PackageFile> attachments, int outputs)
		throws ModelPackageException {
		List<String> raw = yaml.stringList(mambaj, "raw_test_outputs", "config.mambaj.raw_test_outputs");
		if (raw.size() != outputs) throw yaml.error("config.mambaj.raw_test_outputs", "expected one file per output (" +
			outputs + "), found " + raw.size());
		for (String source : raw) {
			if (!attachments.containsKey(source)) throw yaml.error("config.mambaj.raw_test_outputs", "\"" + source +
				"\" is not listed in attachments");
			if (attachments.get(source).sha256() != null) checkedFiles.add(attachments.get(source));
		}
		return raw;
	}

	private Architecture architecture(Map<?, ?> mambaj, Map<?, ?> torch, Map<?, ?> weights) throws ModelPackageException {
		String name = yaml.optionalString(mambaj, "architecture", "config.mambaj.architecture");
		Map<String, Object> kwargs = Map.of();
		if (torch != null) {
			String path = "weights.pytorch_state_dict.architecture";
			Map<?, ?> arch = yaml.map(yaml.required(torch, "architecture", path), path);
			String callable = yaml.requiredString(arch, "callable", path + ".callable");
			kwargs = yaml.immutableMap(arch.get("kwargs"), path + ".kwargs");
			if (name == null) name = ReferenceArchitectures.architecture(callable);
			if (name == null) throw yaml.error(path + ".callable", "\"" + callable + "\" is not an architecture MambaJ " +
				"knows (known: " + ReferenceArchitectures.known() + "; or name one in config.mambaj.architecture)");
		}
		if (name == null) throw yaml.error("weights", "MambaJ builds pytorch_state_dict models of the architectures it " +
			"knows; this package has weight formats " + weights.keySet() + " and no config.mambaj.architecture");
		return new Architecture(name, kwargs);
	}

	private WeightsEntry weightsEntry(Map<?, ?> mambaj, Map<?, ?> torch, Map<String, PackageFile> attachments,
		Map<?, ?> weights) throws ModelPackageException {
		String own = yaml.optionalString(mambaj, "weights", "config.mambaj.weights");
		if (own != null) {
			if (!attachments.containsKey(own)) throw yaml.error("config.mambaj.weights", "\"" + own + "\" is not listed " +
				"in attachments");
			PackageFile file = attachments.get(own);
			return new WeightsEntry(file.field(), own, file.sha256());
		}
		if (torch == null) throw yaml.error("weights.pytorch_state_dict", "required field is missing (found weight " +
			"formats " + weights.keySet() + "; MambaJ reads pytorch_state_dict, or the safetensors attachment named " +
			"by config.mambaj.weights)");
		return new WeightsEntry("weights.pytorch_state_dict", yaml.requiredString(torch, "source",
			"weights.pytorch_state_dict.source"), rdf.sha256(torch.get("sha256"), "weights.pytorch_state_dict.sha256"));
	}
}

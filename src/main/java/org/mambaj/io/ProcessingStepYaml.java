package org.mambaj.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that knows each {@link ProcessingStep}'s rdf.yaml kwargs, both ways: {@link #read} types and
 * range-checks a step's kwargs when a package is read ({@link RdfParser}), {@link #yaml} gives the kwargs a step is
 * written with ({@link PackageWriter}). Side by side so that what MambaJ writes is what it reads back;
 * ProcessingStepYamlTest writes every kind of step and reads it again.
 */
final class ProcessingStepYaml {

	/** The processing steps MambaJ applies, for error messages. */
	static final String KNOWN = "binarize, clip, ensure_dtype, instances_from_interior, restore_range, " +
		"scale_linear, scale_range, sigmoid, softmax, zero_mean_unit_variance";
	/** The axes a statistics step is over, as spec 0.5 names them: all channels together, or each channel alone. */
	private static final List<String> ALL_AXES = List.of("channel", "y", "x"), SPACE_AXES = List.of("y", "x");

	private ProcessingStepYaml() {}

	/**
	 * The step {@code name} with {@code kwargs}; {@code namePath} and {@code kwargsPath} name the fields in errors.
	 * Unknown kwargs are ignored (a spec tool's own); a statistics step's axes say whether it is per channel (the
	 * parsers check that MambaJ can compute over them).
	 */
	static ProcessingStep read(String name, Map<String, Object> kwargs, String namePath, String kwargsPath,
		YamlValues yaml) throws ModelPackageException {
		double inf = Double.POSITIVE_INFINITY, big = Float.MAX_VALUE;
		Numbers n = new Numbers(kwargs, kwargsPath, yaml);
		return switch (name) {
			case "scale_range" -> {
				double low = n.optional("min_percentile", 0, 100, 0);
				double high = n.optional("max_percentile", 0, 100, 100);
				if (!(low < high)) throw yaml.error(kwargsPath, "min_percentile " + low + " must be below max_percentile " + high);
				checkPerSample(kwargs, kwargsPath, yaml);
				yield new ProcessingStep.ScaleRange(low, high, n.optional("eps", Double.MIN_VALUE, big,
					ProcessingStep.ScaleRange.DEFAULT_EPS), perChannel(kwargs.get("axes")));
			}
			case "scale_linear" -> new ProcessingStep.ScaleLinear(n.optional("gain", -big, big, 1),
				n.optional("offset", -big, big, 0));
			case "zero_mean_unit_variance" -> {
				checkPerSample(kwargs, kwargsPath, yaml);
				yield new ProcessingStep.ZeroMeanUnitVariance(n.optional("eps", Double.MIN_VALUE, 1, 1e-6),
					perChannel(kwargs.get("axes")));
			}
			case "clip" -> {
				double min = n.optional("min", -inf, inf, -inf);
				double max = n.optional("max", -inf, inf, inf);
				if (min > max) throw yaml.error(kwargsPath, "clip min " + min + " is above max " + max);
				yield new ProcessingStep.Clip(min, max);
			}
			case "ensure_dtype" -> new ProcessingStep.EnsureDtype();
			case "softmax" -> new ProcessingStep.Softmax();
			case "sigmoid" -> new ProcessingStep.Sigmoid();
			case "restore_range" -> new ProcessingStep.RestoreRange();
			case "binarize" -> new ProcessingStep.Binarize(n.optional("threshold", -big, big, 0.5));
			case "instances_from_interior" -> new ProcessingStep.InstancesFromInterior(kwargs.get("min_size") == null ? 0 :
				yaml.integer(kwargs.get("min_size"), kwargsPath + ".min_size", 0, Integer.MAX_VALUE),
				n.optional("seed_threshold", 0, 1, 0));
			case "fixed_zero_mean_unit_variance", "scale_mean_variance" -> throw yaml.error(namePath,
				"the bioimage.io operation \"" + name + "\" is not supported by MambaJ (supported: " + KNOWN + ")");
			default -> throw yaml.error(namePath, "unknown operation \"" + name + "\" (known: " + KNOWN + ")");
		};
	}

	/**
	 * True when a statistics step's axes leave the channel axis out (0.4 letters without 'c', 0.5 ids without
	 * "channel"): its statistics are then per channel. No axes: over all channels together. The parsers check that
	 * the axes name every space axis of the tensor.
	 */
	private static boolean perChannel(Object axes) {
		if (axes instanceof String letters) return letters.indexOf('c') < 0;
		if (axes instanceof List<?> ids) return !ids.contains("channel");
		return false;
	}

	/**
	 * {@code step} as rdf.yaml holds it: {@code {nameKey: name, kwargs: {...}}}, {@code nameKey} "id" for a spec 0.5
	 * step and "name" for MambaJ's own (config.mambaj); no kwargs key when there are none, except for clip, whose
	 * kwargs the spec requires even when both bounds are left out.
	 */
	static Map<String, Object> yaml(ProcessingStep step, String nameKey) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put(nameKey, step.name());
		Map<String, Object> kwargs = kwargs(step);
		if (!kwargs.isEmpty() || step instanceof ProcessingStep.Clip) out.put("kwargs", kwargs);
		return out;
	}

	/**
	 * The kwargs {@code step} is written with, in the spec 0.5 form and in the key order training/bioimageio_v05.py
	 * writes (spec_step), so a package converted in Java reads like one converted in Python. Every field of the step
	 * is written, except a value {@link #read} takes by default when the key is absent and the spec has no way to
	 * write (an infinite clip bound) or the Python writer leaves out (a seed_threshold of 0).
	 */
	private static Map<String, Object> kwargs(ProcessingStep step) {
		Map<String, Object> kw = new LinkedHashMap<>();
		if (step instanceof ProcessingStep.ScaleRange s) {
			kw.put("axes", s.perChannel() ? SPACE_AXES : ALL_AXES);
			kw.put("min_percentile", s.minPercentile());
			kw.put("max_percentile", s.maxPercentile());
			kw.put("eps", s.eps());
		} else if (step instanceof ProcessingStep.ScaleLinear s) {
			kw.put("gain", s.gain());
			kw.put("offset", s.offset());
		} else if (step instanceof ProcessingStep.ZeroMeanUnitVariance s) {
			if (s.perChannel()) kw.put("axes", SPACE_AXES);
			kw.put("eps", s.eps());
		} else if (step instanceof ProcessingStep.Clip s) {
			if (!Double.isInfinite(s.min())) kw.put("min", s.min());
			if (!Double.isInfinite(s.max())) kw.put("max", s.max());
		} else if (step instanceof ProcessingStep.EnsureDtype) {
			kw.put("dtype", "float32"); // the spec requires one; MambaJ computes in float32
		} else if (step instanceof ProcessingStep.Softmax) {
			kw.put("axis", "channel");
		} else if (step instanceof ProcessingStep.Binarize s) {
			kw.put("threshold", s.threshold());
		} else if (step instanceof ProcessingStep.InstancesFromInterior s) {
			kw.put("min_size", s.minSize());
			if (s.seedThreshold() != 0) kw.put("seed_threshold", s.seedThreshold());
		} else if (!(step instanceof ProcessingStep.Sigmoid || step instanceof ProcessingStep.RestoreRange)) {
			throw new IllegalArgumentException("no rdf.yaml form for the step " + step);
		}
		return kw;
	}

	/**
	 * Whether bioimage.io's spec defines the step, so that its tools run it (inputs' preprocessing, outputs'
	 * postprocessing); MambaJ's own steps (restore_range, instances_from_interior) go to config.mambaj.
	 */
	static boolean inSpec(ProcessingStep step) {
		return !(step instanceof ProcessingStep.RestoreRange || step instanceof ProcessingStep.InstancesFromInterior);
	}

	/**
	 * MambaJ computes a step's statistics from the image it is given (0.4's mode per_sample, the default here):
	 * statistics of the training set (per_dataset), given ones (fixed) or another tensor's are refused, not replaced.
	 */
	private static void checkPerSample(Map<String, Object> kwargs, String path, YamlValues yaml)
		throws ModelPackageException {
		Object mode = kwargs.get("mode");
		if (mode != null && !"per_sample".equals(mode)) throw yaml.error(path + ".mode", "MambaJ computes the " +
			"statistics of each image (per_sample), found " + (mode instanceof String ? "\"" + mode + "\"" :
			YamlValues.describe(mode)));
		if (kwargs.get("reference_tensor") != null) throw yaml.error(path + ".reference_tensor", "statistics of " +
			"another tensor are not supported by MambaJ");
	}

	/** The optional number kwargs of one step, each range-checked and named in errors. */
	private record Numbers(Map<String, Object> kwargs, String path, YamlValues yaml) {
		double optional(String key, double min, double max, double fallback) throws ModelPackageException {
			Object value = kwargs.get(key);
			return value == null ? fallback : yaml.number(value, path + "." + key, min, max);
		}
	}
}

package org.mambaj.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One list of processing steps (an input's preprocessing or an output's postprocessing) as {@link PackageWriter}
 * writes it into a spec 0.5 rdf.yaml: the spec's steps as {@code {id, kwargs}} (run by bioimage.io tools) and MambaJ's
 * own as {@code {name, kwargs}} under config.mambaj, which MambaJ runs after the spec's, as training/bioimageio_v05.py
 * (split_steps, spec_step) does. The written steps are read back with the rdf.yaml reader here: a step it would refuse
 * or read differently is refused before anything is written.
 */
record WrittenSteps(List<Map<String, Object>> spec, List<Map<String, Object>> own) {

	/** {@code list} ("preprocessing" or "postprocessing") names it in errors; {@code place} is where it runs. */
	static WrittenSteps of(List<ProcessingStep> steps, String list, ProcessingStep.Place place) {
		List<ProcessingStep> spec = new ArrayList<>(), own = new ArrayList<>();
		for (ProcessingStep s : steps) {
			if (!ProcessingStepYaml.inSpec(s)) own.add(s);
			else if (!own.isEmpty()) throw new IllegalArgumentException(list + ": the spec step " + s.name() + " follows " +
				"MambaJ's " + own.get(own.size() - 1).name() + "; a 0.5 package runs MambaJ's steps last");
			else spec.add(s);
		}
		// binarize gives booleans in bioimage.io tools; the package's outputs are float32
		if (spec.stream().anyMatch(s -> s instanceof ProcessingStep.Binarize) &&
			!(spec.get(spec.size() - 1) instanceof ProcessingStep.EnsureDtype)) spec.add(new ProcessingStep.EnsureDtype());
		List<ProcessingStep> written = new ArrayList<>(spec);
		written.addAll(own);
		checkReadBack(written, list, place);
		return new WrittenSteps(yaml(spec, "id"), yaml(own, "name"));
	}

	private static List<Map<String, Object>> yaml(List<ProcessingStep> steps, String nameKey) {
		return steps.stream().map(s -> ProcessingStepYaml.yaml(s, nameKey)).toList();
	}

	/** The reader's typed steps of what is written must be the steps given (the same kwargs range checks, too). */
	private static void checkReadBack(List<ProcessingStep> written, String list, ProcessingStep.Place place) {
		List<ProcessingStep> back;
		try {
			back = RdfParser.steps(yaml(written, "name"), "the package writer", list, place);
		} catch (ModelPackageException e) {
			throw new IllegalArgumentException("cannot write a step MambaJ would refuse to read: " + e.getMessage(), e);
		}
		if (!back.equals(written)) throw new IllegalStateException(list + ": written as " + written + " but read back as " +
			back + " (ProcessingStepYaml's kwargs and read disagree)");
	}
}

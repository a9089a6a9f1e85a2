package org.mambaj.io;

import java.util.List;

/**
 * Processing steps given as rdf.yaml 0.4-style {@code {name, kwargs}} maps outside an rdf.yaml (an architecture's
 * packaging defaults), typed and checked exactly as the rdf.yaml parser does it, so that every caller applies
 * {@link ProcessingStep}s and no one interprets step maps by name again.
 */
public final class ProcessingSteps {

	private ProcessingSteps() {}

	/** {@code source} and {@code path} name the list in errors, as a file and a field of it. */
	public static List<ProcessingStep> read(List<?> steps, String source, String path, ProcessingStep.Place place)
		throws ModelPackageException {
		return RdfParser.steps(steps, source, path, place);
	}
}

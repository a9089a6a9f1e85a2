package org.mambaj.io;

import java.util.List;

/**
 * An rdf.yaml {@code outputs} entry. {@code halo} (one entry per axis, empty if not given) is the border that
 * tiling must crop from each side.
 */
public record OutputSpec(String name, String axes, String dataType, List<Integer> halo,
	List<ProcessingStep> postprocessing) {}

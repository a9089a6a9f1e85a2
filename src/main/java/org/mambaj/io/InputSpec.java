package org.mambaj.io;

import java.util.List;

/** An rdf.yaml {@code inputs} entry. {@code axes} is a string such as "bcyx"; {@code dataType} e.g. "float32". */
public record InputSpec(String name, String axes, String dataType, ShapeSpec shape,
	List<ProcessingStep> preprocessing) {}

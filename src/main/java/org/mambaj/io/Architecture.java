package org.mambaj.io;

import java.util.Map;

/**
 * rdf.yaml {@code architecture}: which MambaJ network to build ({@code name}, e.g. "vmunet") and its
 * hyper-parameters ({@code config}, an immutable map of YAML values), read by the model factory, never executed.
 */
public record Architecture(String name, Map<String, Object> config) {}

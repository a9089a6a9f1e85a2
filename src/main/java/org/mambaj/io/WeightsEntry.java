package org.mambaj.io;

/**
 * The weights MambaJ loads from a package: the file name inside it, its optional lowercase SHA-256, and the rdf.yaml
 * field that names it ({@code weights.safetensors} in a 0.4-style package; {@code config.mambaj.weights} or
 * {@code weights.pytorch_state_dict} in a bioimage.io 0.5 one), for messages.
 */
public record WeightsEntry(String field, String source, String sha256) {}

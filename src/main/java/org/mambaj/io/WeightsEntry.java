package org.mambaj.io;

/** rdf.yaml {@code weights.safetensors}: the file name inside the package and its optional lowercase SHA-256. */
public record WeightsEntry(String source, String sha256) {}

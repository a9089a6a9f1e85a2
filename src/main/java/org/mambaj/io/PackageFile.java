package org.mambaj.io;

/**
 * A file of a package that rdf.yaml gives a SHA-256 for and MambaJ reads (a 0.5 package's test tensors), checked
 * when the package is opened. {@code field} names it in messages, e.g. {@code inputs[0].test_tensor}.
 */
public record PackageFile(String field, String source, String sha256) {}

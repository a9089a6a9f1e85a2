package org.mambaj.io;

/** One entry of rdf.yaml {@code authors}; {@code affiliation} may be null. */
public record Author(String name, String affiliation) {}

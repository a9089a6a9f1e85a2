package org.mambaj.zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The model packages shipped in the repository's models/ folder, and the shared datasets they were trained on. */
final class ShippedModels {

	private ShippedModels() {}

	static Path modelsDir() {
		return Path.of(System.getProperty("mambaj.models.dir", "models")).toAbsolutePath();
	}

	static List<Path> all() {
		try (Stream<Path> s = Files.list(modelsDir())) {
			return s.filter(p -> Files.exists(p.resolve("rdf.yaml"))).sorted().toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static Path model(String name) {
		return modelsDir().resolve(name);
	}

	/** A dataset folder under ../shared/data; fails (never skips) with the folder's name when it is missing. */
	static Path data(String relative) {
		Path root = Path.of(System.getProperty("mambaj.data", "../shared/data"));
		Path p = root.resolve(relative).toAbsolutePath().normalize();
		if (!Files.exists(p)) throw new AssertionError("validation data folder is missing: " + p +
			" (the accuracy regression tests need ../shared/data beside the checkout)");
		return p;
	}
}

package org.mambaj.fiji.ij1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The tiny test model packages (src/test/resources/packages: an rdf.yaml and the name of the golden weights it
 * uses), assembled once into target/it-models/: untrained networks, for plumbing, not for accuracy.
 */
final class TestPackages {

	private static Path folder;

	private TestPackages() {}

	static synchronized Path folder() {
		if (folder != null) return folder;
		try {
			Path packages = resource("packages"), golden = resource("golden");
			Path target = Files.createDirectories(Path.of("target", "it-models").toAbsolutePath());
			try (Stream<Path> list = Files.list(packages)) {
				for (Path p : list.toList()) {
					Path out = Files.createDirectories(target.resolve(p.getFileName()));
					Path weights = golden.resolve(Files.readString(p.resolve("golden.txt")).strip());
					Files.copy(p.resolve("rdf.yaml"), out.resolve("rdf.yaml"), StandardCopyOption.REPLACE_EXISTING);
					Files.copy(weights.resolve("weights.safetensors"), out.resolve("weights.safetensors"), StandardCopyOption.REPLACE_EXISTING);
					Files.copy(weights.resolve("input.npy"), out.resolve("test_input.npy"), StandardCopyOption.REPLACE_EXISTING);
					Files.copy(weights.resolve("output.npy"), out.resolve("test_output.npy"), StandardCopyOption.REPLACE_EXISTING);
				}
			}
			folder = target;
			return folder;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static Path resource(String name) {
		try {
			return Path.of(TestPackages.class.getClassLoader().getResource(name).toURI());
		}
		catch (URISyntaxException | NullPointerException e) {
			throw new IllegalStateException("test resource folder missing: " + name, e);
		}
	}
}

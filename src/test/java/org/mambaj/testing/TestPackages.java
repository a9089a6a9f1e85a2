package org.mambaj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The small model packages of src/test/resources/packages: each holds its rdf.yaml and names (golden.txt) the
 * golden case whose architecture config, weights and test tensors complete it, so nothing is stored twice.
 */
public final class TestPackages {

	public static final String SEGMENTER = "tiny-segmenter", NUCLEI = "tiny-nuclei", DENOISER = "tiny-denoiser",
		CLASSIFIER = "tiny-classifier";
	public static final List<String> ALL = List.of(SEGMENTER, NUCLEI, DENOISER, CLASSIFIER);

	private TestPackages() {}

	/** Writes package {@code name} as the folder {@code parent/name} and returns it. */
	public static Path write(String name, Path parent) {
		try {
			Path source = Path.of(TestPackages.class.getResource("/packages/" + name).toURI());
			Path golden = Golden.root().resolve(Files.readString(source.resolve("golden.txt")).trim());
			Path target = Files.createDirectories(parent.resolve(name));
			// the golden case's architecture config, as one line of YAML flow style
			DumperOptions flow = new DumperOptions();
			flow.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
			flow.setWidth(Integer.MAX_VALUE);
			String config = new Yaml(flow).dump(Golden.load(golden.getFileName().toString()).config()).strip();
			Files.writeString(target.resolve("rdf.yaml"), Files.readString(source.resolve("rdf.yaml")).replace("config: GOLDEN", "config: " + config));
			Files.copy(golden.resolve("weights.safetensors"), target.resolve("weights.safetensors"));
			Files.copy(golden.resolve("input.npy"), target.resolve("test_input.npy"));
			Files.copy(golden.resolve("output.npy"), target.resolve("test_output.npy"));
			return target;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (URISyntaxException | NullPointerException e) {
			throw new IllegalStateException("no test package " + name, e);
		}
	}
}

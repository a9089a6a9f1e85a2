package org.mambaj.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.Npy;
import org.mambaj.io.StateDict;
import org.yaml.snakeyaml.Yaml;

/**
 * A golden case written by training/make_golden.py: PyTorch reference weights, input and output for one
 * architecture and config. PyTorch writes images NCHW; {@link #input()} and {@link #output()} hand them over
 * channels-last, as {@link org.mambaj.models.Model#forward} takes and gives them: the one place where the model
 * tests convert layouts.
 */
public record Golden(String name, String architecture, Map<String, Object> config, String inputLayout, Path dir) {

	public static Path root() {
		try {
			return Path.of(Golden.class.getResource("/golden").toURI());
		}
		catch (URISyntaxException | NullPointerException e) {
			throw new IllegalStateException("test resources folder 'golden' not found; run training/make_golden.py", e);
		}
	}

	@SuppressWarnings("unchecked")
	public static Golden load(String name) {
		Path dir = root().resolve(name);
		try {
			Map<String, Object> json = new Yaml().load(Files.readString(dir.resolve("config.json")));
			return new Golden(name, (String) json.get("architecture"), (Map<String, Object>) json.get("config"),
				(String) json.getOrDefault("input_layout", "NCHW"), dir);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** All cases of one architecture. */
	public static List<String> casesOf(String... architectures) {
		try (Stream<Path> s = Files.list(root())) {
			List<String> arch = List.of(architectures);
			return s.filter(p -> Files.exists(p.resolve("config.json"))).map(p -> p.getFileName().toString())
				.filter(n -> arch.contains(load(n).architecture())).sorted().toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public StateDict weights() {
		try {
			return StateDict.load(dir.resolve("weights.safetensors"));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The reference input in MambaJ's layout: channels-last for an NCHW case, else as written. */
	public Tensor input() {
		return inMambajLayout(npy("input.npy"));
	}

	/** The reference output in MambaJ's layout: channels-last images, [batch, classes] scores as written. */
	public Tensor output() {
		return inMambajLayout(npy("output.npy"));
	}

	private Tensor inMambajLayout(Tensor t) {
		return "NCHW".equals(inputLayout) ? Layout.fromTorch(t) : t;
	}

	private Tensor npy(String file) {
		try {
			return Npy.read(dir.resolve(file));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Asserts max |actual - expected| <= tol * max |expected| and equal shapes. */
	public static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
		assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
		float[] e = expected.data(), a = actual.data();
		double maxRef = 0, maxErr = 0;
		int worst = -1;
		for (int i = 0; i < e.length; i++) {
			maxRef = Math.max(maxRef, Math.abs(e[i]));
			double d = Math.abs(e[i] - a[i]);
			if (!(d <= maxErr)) {
				maxErr = d;
				worst = i;
			}
		}
		double rel = maxErr / Math.max(maxRef, 1e-12);
		if (!(rel <= tol)) fail(String.format("%s: relative max error %.3g > %.1g (at index %d: expected %g, got %g)",
			what, rel, tol, worst, e[worst], a[worst]));
	}
}

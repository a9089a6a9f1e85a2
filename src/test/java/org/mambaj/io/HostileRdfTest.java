package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.RdfEdits;
import org.mambaj.testing.TestPackages;

/** Issue 10, items 3 and 4: every number of rdf.yaml is checked when the package is loaded, naming the field. */
class HostileRdfTest {

	@TempDir
	Path tmp;

	static Stream<Arguments> edits() {
		String c = TestPackages.CLASSIFIER, s = TestPackages.SEGMENTER, d = TestPackages.DENOISER, n = TestPackages.NUCLEI;
		return Stream.of(
			Arguments.of(c, "config.mambaj.input_size", List.of(0, 0), "config.mambaj.input_size"),
			Arguments.of(c, "config.mambaj.input_size", List.of(-1, 28), "config.mambaj.input_size"),
			Arguments.of(c, "config.mambaj.input_size", List.of("a", "b"), "config.mambaj.input_size"),
			Arguments.of(c, "config.mambaj.input_size", List.of(30000, 30000), "config.mambaj.input_size"),
			Arguments.of(c, "config.mambaj.input_size", List.of(16.5, 16), "config.mambaj.input_size"),
			Arguments.of(s, "config.mambaj.size_multiple", 46341, "config.mambaj.size_multiple"),
			Arguments.of(s, "config.mambaj.tile", java.util.Map.of("size", 1L << 33), "config.mambaj.tile.size"),
			Arguments.of(s, "config.mambaj.task", "painting", "config.mambaj.task"),
			Arguments.of(c, "architecture.config.depths", List.of(Integer.MAX_VALUE, 2, 2, 2), "depths"),
			Arguments.of(c, "architecture.config.depths", List.of(-1, 2, 2, 2), "depths"),
			Arguments.of(c, "architecture.config.d_state", (1L << 32) + 8, "d_state"),
			Arguments.of(c, "architecture.config.d_state", 16.5, "d_state"),
			Arguments.of(c, "architecture.config.dims", List.of(), "dims"),
			Arguments.of(d, "architecture.config.img_range", Double.NaN, "img_range"),
			Arguments.of(d, "architecture.config.img_range", Double.POSITIVE_INFINITY, "img_range"),
			Arguments.of(s, "outputs.0.postprocessing.1.kwargs.threshold", Double.NaN, "threshold"),
			Arguments.of(n, "outputs.0.postprocessing.1.kwargs.min_size", 1e20, "min_size"),
			Arguments.of(d, "inputs.0.preprocessing.0.kwargs.max_percentile", 150.0, "max_percentile"),
			Arguments.of(s, "inputs.0.shape.min", List.of(1, 1, 1 << 20, 32), "inputs[0].shape.min"),
			Arguments.of(s, "weights.safetensors.source", "weights\0.safetensors", "weights.safetensors.source"),
			Arguments.of(s, "test_outputs", RdfEdits.REMOVE, "test_outputs"));
	}

	@ParameterizedTest(name = "{0}: {1} = {2}")
	@MethodSource("edits")
	void aBadValueIsRefusedAtLoadNamingTheField(String pkgName, String field, Object value, String named) {
		Path pkg = TestPackages.write(pkgName, tmp);
		RdfEdits.set(pkg, field, value);
		Exception e = assertThrows(Exception.class, () -> {
			try (PackagedModel m = PackagedModel.load(pkg, "java")) {
				// loaded: nothing else to do
			}
		});
		assertTrue(e instanceof ModelPackageException || e instanceof IllegalArgumentException, e.toString());
		assertTrue(e.getMessage().contains(named), e.getMessage());
		assertTrue(e.getMessage().contains(pkg.toString()), "names the package: " + e.getMessage());
	}
}

package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mambaj.io.ProcessingStep.Binarize;
import org.mambaj.io.ProcessingStep.InstancesFromInterior;
import org.mambaj.io.ProcessingStep.RestoreRange;
import org.mambaj.io.ProcessingStep.ScaleLinear;
import org.mambaj.io.ProcessingStep.ScaleRange;
import org.mambaj.io.ProcessingStep.Sigmoid;
import org.mambaj.io.ProcessingStep.Softmax;
import org.mambaj.testing.RdfEdits;
import org.mambaj.testing.TestPackages;

/**
 * rdf.yaml processing steps become typed steps when the package is opened; a step MambaJ cannot apply, or a bad
 * argument, is refused then with the file, the step's field and the problem (issue 11, item 2).
 */
class ProcessingStepsTest {

	private static final String V05 = "converted-by-python-v05";

	@TempDir
	Path tmp;

	@Test
	void stepsAreReadIntoTypedValues() throws IOException {
		assertEquals(List.of(new ScaleRange(1, 99.8)), inputSteps(TestPackages.write(TestPackages.SEGMENTER, tmp)));
		assertEquals(List.of(new Sigmoid(), new Binarize(0.5)), outputSteps(TestPackages.write(TestPackages.SEGMENTER, tmp.resolve("s"))));
		assertEquals(List.of(new Softmax(), new InstancesFromInterior(2)), outputSteps(TestPackages.write(TestPackages.NUCLEI, tmp)));
		Path seeded = TestPackages.write(TestPackages.NUCLEI, tmp.resolve("n"));
		RdfEdits.set(seeded, "outputs.0.postprocessing.1.kwargs.seed_threshold", 0.9);
		assertEquals(List.of(new Softmax(), new InstancesFromInterior(2, 0.9)), outputSteps(seeded));
		assertEquals(List.of(new RestoreRange()), outputSteps(TestPackages.write(TestPackages.DENOISER, tmp)));
		Path v05 = v05();
		assertEquals(List.of(new ScaleRange(0, 100), new ScaleLinear(2, -1)), inputSteps(v05));
		assertEquals(List.of(new Softmax()), outputSteps(v05));
		RdfEdits.set(v05, "config.mambaj.postprocessing", List.of(Map.of("name", "binarize", "kwargs", Map.of("threshold", 0.25))));
		assertEquals(List.of(new Softmax(), new Binarize(0.25)), outputSteps(v05));
	}

	@Test
	void scaleRangeCarriesItsEpsAndAcceptsTheAxesMambaJNormalizes() throws IOException {
		Path pkg = TestPackages.write(TestPackages.SEGMENTER, tmp);
		RdfEdits.set(pkg, "inputs.0.preprocessing.0.kwargs.eps", 0.5);
		assertEquals(List.of(new ScaleRange(1, 99.8, 0.5)), inputSteps(pkg));
		RdfEdits.set(pkg, "inputs.0.preprocessing.0.kwargs.axes", "cyx");
		assertEquals(List.of(new ScaleRange(1, 99.8, 0.5)), inputSteps(pkg));
		RdfEdits.set(pkg, "inputs.0.preprocessing.0.kwargs.axes", "yx"); // no channel axis: per channel
		assertEquals(List.of(new ScaleRange(1, 99.8, 0.5, true)), inputSteps(pkg));
		Path v05 = v05();
		RdfEdits.set(v05, "inputs.0.preprocessing.0.kwargs.eps", 0.01);
		assertEquals(new ScaleRange(0, 100, 0.01), inputSteps(v05).get(0));
		RdfEdits.set(v05, "inputs.0.preprocessing.0.kwargs.axes", List.of("y", "x"));
		assertEquals(new ScaleRange(0, 100, 0.01, true), inputSteps(v05).get(0));
		assertEquals(ScaleRange.DEFAULT_EPS, new ScaleRange(1, 99.8).eps());
		assertThrows(IllegalArgumentException.class, () -> new ScaleRange(1, 99.8, 0));
		assertThrows(IllegalArgumentException.class, () -> new ScaleRange(1, 99.8, Double.POSITIVE_INFINITY));
	}

	static Stream<Arguments> badSteps() {
		String s = TestPackages.SEGMENTER, n = TestPackages.NUCLEI, d = TestPackages.DENOISER;
		Map<String, Object> instances = Map.of("name", "instances_from_interior");
		return Stream.of(
			Arguments.of(s, "inputs.0.preprocessing.0.name", "scale_rnage",
				List.of("inputs[0].preprocessing[0].name", "unknown operation \"scale_rnage\"", "scale_range")),
			Arguments.of(s, "inputs.0.preprocessing.0.name", "fixed_zero_mean_unit_variance",
				List.of("inputs[0].preprocessing[0].name", "not supported by MambaJ")),
			Arguments.of(s, "inputs.0.preprocessing.0.name", RdfEdits.REMOVE,
				List.of("inputs[0].preprocessing[0].name", "required field is missing")),
			Arguments.of(s, "inputs.0.preprocessing.0.name", "sigmoid",
				List.of("inputs[0].preprocessing[0].name", "\"sigmoid\" only after the network")),
			Arguments.of(s, "outputs.0.postprocessing.0.name", "scale_range",
				List.of("outputs[0].postprocessing[0].name", "\"scale_range\" only before the network")),
			Arguments.of(s, "outputs.0.postprocessing.1.kwargs.threshold", "high",
				List.of("outputs[0].postprocessing[1].kwargs.threshold", "expected a number", "\"high\"")),
			Arguments.of(s, "outputs.0.postprocessing.1.kwargs", "0.5",
				List.of("outputs[0].postprocessing[1].kwargs", "expected a mapping")),
			Arguments.of(s, "inputs.0.preprocessing.0.kwargs.min_percentile", 99.9,
				List.of("inputs[0].preprocessing[0].kwargs", "must be below max_percentile")),
			Arguments.of(n, "outputs.0.postprocessing.1.kwargs.min_size", 2.5,
				List.of("outputs[0].postprocessing[1].kwargs.min_size", "expected an integer")),
			Arguments.of(n, "outputs.0.postprocessing.1.kwargs.seed_threshold", 1.5,
				List.of("outputs[0].postprocessing[1].kwargs.seed_threshold", "1.5")),
			Arguments.of(n, "outputs.0.postprocessing", List.of(Map.of("name", "softmax"), instances, instances),
				List.of("outputs[0].postprocessing", "instances_from_interior given twice")),
			Arguments.of(d, "inputs.0.preprocessing", List.of(),
				List.of("outputs[0].postprocessing", "restore_range needs a scale_range step")),
			Arguments.of(s, "outputs.0.postprocessing.0", Map.of("name", "clip", "kwargs", Map.of("min", 2, "max", 1)),
				List.of("outputs[0].postprocessing[0].kwargs", "clip min 2.0 is above max 1.0")),
			Arguments.of(s, "inputs.0.preprocessing.0.kwargs.eps", 0,
				List.of("inputs[0].preprocessing[0].kwargs.eps", "0")),
			Arguments.of(s, "inputs.0.preprocessing.0.kwargs.eps", -1e-6,
				List.of("inputs[0].preprocessing[0].kwargs.eps")),
			Arguments.of(s, "inputs.0.preprocessing.0.kwargs.eps", Double.POSITIVE_INFINITY,
				List.of("inputs[0].preprocessing[0].kwargs.eps")),
			Arguments.of(s, "inputs.0.preprocessing.0.kwargs.eps", "small",
				List.of("inputs[0].preprocessing[0].kwargs.eps", "expected a number")),
			Arguments.of(s, "inputs.0.preprocessing.0.kwargs.mode", "per_dataset",
				List.of("inputs[0].preprocessing[0].kwargs.mode", "per_sample", "\"per_dataset\"")),
			Arguments.of(s, "inputs.0.preprocessing.0.kwargs.reference_tensor", "other",
				List.of("inputs[0].preprocessing[0].kwargs.reference_tensor", "another tensor")),
			Arguments.of(s, "inputs.0.preprocessing.0", Map.of("name", "zero_mean_unit_variance", "kwargs",
				Map.of("mode", "fixed", "mean", 3, "std", 2)), List.of("inputs[0].preprocessing[0].kwargs.mode", "\"fixed\"")),
			Arguments.of(s, "inputs.0.preprocessing.0.kwargs.axes", "cx",
				List.of("inputs[0].preprocessing[0].kwargs.axes", "scale_range over \"cx\" is not supported")),
			Arguments.of(s, "inputs.0.preprocessing.0.kwargs.axes", "cyxz",
				List.of("inputs[0].preprocessing[0].kwargs.axes", "axis 'z' is not an axis of this tensor")),
			Arguments.of(s, "inputs.0.preprocessing.0.kwargs.axes", List.of("y", "x"),
				List.of("inputs[0].preprocessing[0].kwargs.axes", "expected axis letters")),
			Arguments.of(V05, "inputs.0.preprocessing.0.kwargs.eps", -1,
				List.of("inputs[0].preprocessing[0].kwargs.eps")),
			Arguments.of(V05, "inputs.0.preprocessing.0.kwargs.axes", List.of("channel", "y"),
				List.of("inputs[0].preprocessing[0].kwargs.axes", "not supported by MambaJ")),
			Arguments.of(s, "config.mambaj.channels", "purple", List.of("config.mambaj.channels", "\"purple\"")),
			Arguments.of(V05, "inputs.0.preprocessing.1.id", "softmax",
				List.of("inputs[0].preprocessing[1].id", "\"softmax\" only after the network")),
			Arguments.of(V05, "config.mambaj.postprocessing", List.of(Map.of("name", "zero_mean_unit_variance")),
				List.of("config.mambaj.postprocessing[0].name", "only before the network")));
	}

	@Test
	void restoreRangeFromMambaJsOwnStepsNeedsTheSpecsScaleRange() throws IOException {
		Path pkg = v05();
		RdfEdits.set(pkg, "config.mambaj.postprocessing", List.of(Map.of("name", "restore_range")));
		assertEquals(List.of(new Softmax(), new RestoreRange()), outputSteps(pkg));
		RdfEdits.set(pkg, "inputs.0.preprocessing", List.of(Map.of("id", "scale_linear", "kwargs", Map.of("gain", 2))));
		ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage.open(pkg).close());
		assertTrue(e.getMessage().contains("outputs[0].postprocessing (with config.mambaj.postprocessing): restore_range " +
			"needs a scale_range step"), e.getMessage());
	}

	@ParameterizedTest(name = "{0}: {1} = {2}")
	@MethodSource("badSteps")
	void aStepMambaJCannotApplyIsRefusedAtLoad(String pkgName, String field, Object value, List<String> named)
		throws IOException {
		Path pkg = pkgName.equals(V05) ? v05() : TestPackages.write(pkgName, tmp);
		RdfEdits.set(pkg, field, value);
		ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage.open(pkg).close());
		assertTrue(e.getMessage().contains(pkg.resolve("rdf.yaml").toString()), "names the file: " + e.getMessage());
		for (String part : named) assertTrue(e.getMessage().contains(part), "expected \"" + part + "\" in: " + e.getMessage());
	}

	private Path v05() throws IOException {
		try {
			Path target = tmp.resolve(V05);
			FileTrees.copyAtomically(Path.of(getClass().getResource("/packages/" + V05).toURI()), target);
			return target;
		} catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	private static List<ProcessingStep> inputSteps(Path pkg) throws IOException {
		try (ModelPackage p = ModelPackage.open(pkg)) {
			return p.descriptor().inputs().get(0).preprocessing();
		}
	}

	private static List<ProcessingStep> outputSteps(Path pkg) throws IOException {
		try (ModelPackage p = ModelPackage.open(pkg)) {
			return p.descriptor().outputs().get(0).postprocessing();
		}
	}
}

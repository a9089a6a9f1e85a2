package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mambaj.core.Tensor;
import org.mambaj.io.ProcessingStep.Binarize;
import org.mambaj.io.ProcessingStep.Clip;
import org.mambaj.io.ProcessingStep.EnsureDtype;
import org.mambaj.io.ProcessingStep.InstancesFromInterior;
import org.mambaj.io.ProcessingStep.Place;
import org.mambaj.io.ProcessingStep.RestoreRange;
import org.mambaj.io.ProcessingStep.ScaleLinear;
import org.mambaj.io.ProcessingStep.ScaleRange;
import org.mambaj.io.ProcessingStep.Sigmoid;
import org.mambaj.io.ProcessingStep.Softmax;
import org.mambaj.io.ProcessingStep.ZeroMeanUnitVariance;
import org.mambaj.testing.BioimageioModelCheck;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What {@link PackageWriter} writes of a processing step is what the rdf.yaml reader gives back: every kind of step,
 * each field away from the reader's default (so a kwarg the writer drops reads back as the default and fails here),
 * written into a spec 0.5 package and read again; the spec's steps as training/bioimageio_v05.py writes them.
 */
class ProcessingStepYamlTest {

	/** One step of each kind, every field set to a value the reader would not take by default. */
	static final List<ProcessingStep> EVERY_KIND = List.of(new ScaleRange(2, 97, 1e-3, true), new ScaleLinear(3, -0.5),
		new ZeroMeanUnitVariance(1e-4, true), new Clip(0.25, 0.75), new EnsureDtype(), new Softmax(), new Sigmoid(),
		new RestoreRange(), new Binarize(0.3), new InstancesFromInterior(5, 0.8));

	@TempDir
	Path tmp;

	static Stream<ProcessingStep> steps() {
		// and the values a step writes by leaving a key out: clip's infinite bounds, a seed_threshold of 0; the
		// statistics over all channels together
		return Stream.concat(EVERY_KIND.stream(), Stream.of(new ScaleRange(2, 97, 1e-3), new ZeroMeanUnitVariance(1e-4),
			new Clip(0, Double.POSITIVE_INFINITY),
			new Clip(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), new InstancesFromInterior(0)));
	}

	@Test
	void theSamplesCoverEveryKindOfStep() {
		assertEquals(Set.of(ProcessingStep.class.getPermittedSubclasses()),
			EVERY_KIND.stream().map(Object::getClass).collect(Collectors.toSet()), "a new kind of step needs a sample here");
	}

	/** Else the round trip could not fail when the writer leaves a field's kwarg out. */
	@Test
	void everySampleFieldDiffersFromTheDefaultTheReaderTakes() throws Exception {
		for (ProcessingStep s : EVERY_KIND) {
			ProcessingStep defaults = ProcessingSteps.read(List.of(Map.of("name", s.name())), "test", "steps",
				s.place() == Place.EITHER ? Place.INPUT : s.place()).get(0);
			for (RecordComponent c : s.getClass().getRecordComponents())
				assertNotEquals(c.getAccessor().invoke(defaults), c.getAccessor().invoke(s), s.name() + "." + c.getName());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("steps")
	void aStepWrittenIsReadBackEqual(ProcessingStep step) throws IOException {
		for (Place place : List.of(Place.INPUT, Place.OUTPUT)) {
			if (!step.place().allows(place)) continue;
			List<ProcessingStep> pre = place == Place.INPUT ? List.of(step) :
				step instanceof RestoreRange ? List.of(new ScaleRange(1, 99)) : List.of();
			List<ProcessingStep> post = place == Place.OUTPUT ? List.of(step) : List.of();
			Path pkg = write(tmp.resolve(step.name() + "-" + place + "-" + Math.abs(step.hashCode())), pre, post);
			ModelDescriptor d = ModelPackage.describe(pkg);
			assertEquals(pre, d.inputs().get(0).preprocessing(), place.toString());
			List<ProcessingStep> expected = new ArrayList<>(post);
			if (step instanceof Binarize) expected.add(new EnsureDtype()); // the writer's: binarize gives booleans
			assertEquals(expected, d.outputs().get(0).postprocessing(), place.toString());
			List<String> problems = BioimageioModelCheck.problems(pkg);
			assertTrue(problems.isEmpty(), "bioimage.io spec 0.5: " + problems);
		}
	}

	@Test
	void everyKindInOnePackageIsReadBackInOrder() throws IOException {
		List<ProcessingStep> pre = List.of(new ScaleRange(2, 97, 1e-3), new ScaleLinear(3, -0.5),
			new ZeroMeanUnitVariance(1e-4), new Clip(0.25, 0.75), new EnsureDtype());
		List<ProcessingStep> post = List.of(new Softmax(), new Sigmoid(), new ScaleLinear(-1, 2), new Binarize(0.3),
			new EnsureDtype(), new RestoreRange(), new InstancesFromInterior(5, 0.8));
		Path pkg = write(tmp.resolve("all"), pre, post);
		ModelDescriptor d = ModelPackage.describe(pkg);
		assertEquals(pre, d.inputs().get(0).preprocessing());
		assertEquals(post, d.outputs().get(0).postprocessing(), "ensure_dtype already last: not added again");
		assertTrue(BioimageioModelCheck.problems(pkg).isEmpty(), BioimageioModelCheck.problems(pkg).toString());
	}

	/** The steps of the package Python's convert_checkpoint.py wrote are written by Java as the same YAML. */
	@Test
	void theSpecsStepsAreWrittenAsPythonWritesThem() throws Exception {
		Path pkg = write(tmp.resolve("java"), List.of(new ScaleRange(0, 100), new ScaleLinear(2, -1)), List.of(new Softmax()));
		Path python = Path.of(getClass().getResource("/packages/converted-by-python-v05").toURI());
		for (String key : List.of("inputs", "outputs")) {
			String list = key.equals("inputs") ? "preprocessing" : "postprocessing";
			// toString keeps the key order: the YAML text of the steps is the same but for number formatting
			assertEquals(String.valueOf(tensor(python, key).get(list)), String.valueOf(tensor(pkg, key).get(list)), list);
		}
	}

	@Test
	void aStepTheReaderWouldRefuseIsRefusedBeforeAnyFileIsWritten() {
		Path out = tmp.resolve("refused");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
			write(out, List.of(new ScaleLinear(1e300, 0)), List.of()));
		assertTrue(e.getMessage().contains("preprocessing[0].kwargs.gain"), e.getMessage());
		assertFalse(Files.exists(out));
		e = assertThrows(IllegalArgumentException.class, () -> write(out, List.of(new ZeroMeanUnitVariance(2)), List.of()));
		assertTrue(e.getMessage().contains("preprocessing[0].kwargs.eps"), e.getMessage());
		assertFalse(Files.exists(out));
	}

	/** A 0.5 package runs MambaJ's own steps after the spec's; another order cannot be written as it is. */
	@Test
	void aSpecStepAfterMambaJsOwnIsRefused() {
		Path out = tmp.resolve("order");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
			write(out, List.of(new ScaleRange(1, 99)), List.of(new RestoreRange(), new Clip(0, 1))));
		assertTrue(e.getMessage().contains("postprocessing: the spec step clip follows MambaJ's restore_range"), e.getMessage());
		assertFalse(Files.exists(out));
	}

	@Test
	void specStepsLeaveOutMambaJsOwn() {
		assertEquals(List.of(new Softmax(), new Binarize(0.3)), PackageWriter.specSteps(List.of(new Softmax(),
			new Binarize(0.3), new InstancesFromInterior(5, 0.8), new RestoreRange())));
	}

	private static Path write(Path out, List<ProcessingStep> pre, List<ProcessingStep> post) throws IOException {
		Tensor image = new Tensor(new float[16], 1, 1, 4, 4);
		PackageWriter.write(out, new PackageWriter.Description("processing steps", "round trip", List.of("A. Author"),
			"MIT", "vmunet", Map.of("input_channels", 1, "num_classes", 1), "segmentation", 1, 4, pre, post, List.of(),
			"written by ProcessingStepYamlTest"), Map.of("w", new Tensor(new float[] { 1, 2 }, 2)), image, image, image);
		return out;
	}

	private static Map<?, ?> tensor(Path pkg, String key) throws IOException {
		Map<?, ?> rdf = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(pkg.resolve("rdf.yaml")));
		return (Map<?, ?>) ((List<?>) rdf.get(key)).get(0);
	}
}

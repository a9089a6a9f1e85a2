package org.mambaj.fiji;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.mambaj.core.Engines;
import org.mambaj.image.Plane;
import org.mambaj.image.Progress;
import org.mambaj.run.ModelRunner;
import org.mambaj.run.RunOptions;
import org.mambaj.run.SegmentOutput;
import org.mambaj.run.Segmentation;
import org.mambaj.testing.TestPackages;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;

/**
 * Run by {@link TensorFlow1CoexistenceIT} in a JVM whose class path is MambaJ's Fiji install plus CSBDeep/StarDist's
 * TensorFlow 1.15: a TensorFlow 1.x graph as those plugins build and run one (Graph, opBuilder, Session, Tensor;
 * through reflection, because this test code is compiled beside TensorFlow Java 1.0), then MambaJ segmentations on
 * every engine it offers, then the graph again. Prints one line per step; exits 0 only if all worked.
 */
public final class Tf1CoexistenceMain {

	public static void main(String[] args) throws Exception {
		Class<?> graphClass = Class.forName("org.tensorflow.Graph");
		System.out.println("org.tensorflow.Graph from " + graphClass.getProtectionDomain().getCodeSource().getLocation());
		System.out.println("tf1 version " + Class.forName("org.tensorflow.TensorFlow").getMethod("version").invoke(null));
		System.out.println("tf1 graph " + Arrays.toString(tf1MatMul()));

		Path dir = Files.createTempDirectory("mambaj-tf1");
		TestPackages.write(TestPackages.NUCLEI, dir);
		try (ModelRegistry registry = new ModelRegistry(new BundledModels(Tf1CoexistenceMain.class.getClassLoader(),
			dir.resolve("cache")), dir)) {
			ModelRunner runner = new ModelRunner(registry);
			Plane image = Plane.zeros(3, 40, 48);
			for (int i = 0; i < image.data().length; i++) image.data()[i] = (i * 37 % 251) / 250f;
			for (String engine : new String[] { "auto", "java" }) {
				Segmentation s = runner.segment(image, RunOptions.of(TestPackages.NUCLEI).withEngine(engine), SegmentOutput.LABELS, Progress.NONE);
				System.out.println("mambaj engine=" + engine + " labels " + s.plane().width() + "x" + s.plane().height() +
					" objects " + s.count());
			}
			try {
				runner.segment(image, RunOptions.of(TestPackages.NUCLEI).withEngine("tensorflow"), SegmentOutput.LABELS, Progress.NONE);
				System.out.println("mambaj engine=tensorflow ran");
			}
			catch (IllegalStateException e) {
				System.out.println("mambaj engine=tensorflow refused: " + e.getMessage());
			}
		}
		System.out.println("mambaj engines: " + Engines.describe());
		System.out.println("tf1 graph again " + Arrays.toString(tf1MatMul()));
		System.out.println("COEXISTENCE OK");
	}

	/** [1, 1] x [[1, 2], [3, 4]] in a TensorFlow 1.x graph, fed and fetched by name as CSBDeep does. */
	static float[] tf1MatMul() throws Exception {
		Class<?> graphC = Class.forName("org.tensorflow.Graph"), sessionC = Class.forName("org.tensorflow.Session");
		Class<?> tensorC = Class.forName("org.tensorflow.Tensor"), dataTypeC = Class.forName("org.tensorflow.DataType");
		Class<?> builderC = Class.forName("org.tensorflow.OperationBuilder"), operationC = Class.forName("org.tensorflow.Operation");
		Class<?> outputC = Class.forName("org.tensorflow.Output");
		Object floatType = dataTypeC.getField("FLOAT").get(null);
		Method opBuilder = graphC.getMethod("opBuilder", String.class, String.class);
		Method setType = builderC.getMethod("setAttr", String.class, dataTypeC);
		Method setTensor = builderC.getMethod("setAttr", String.class, tensorC);
		Method addInput = builderC.getMethod("addInput", outputC);
		Method build = builderC.getMethod("build");
		Method output = operationC.getMethod("output", int.class);
		Method create = tensorC.getMethod("create", Object.class);
		Method close = tensorC.getMethod("close");
		try (AutoCloseable graph = (AutoCloseable) graphC.getConstructor().newInstance()) {
			Object input = build.invoke(setType.invoke(opBuilder.invoke(graph, "Placeholder", "input"), "dtype", floatType));
			Object weights = create.invoke(null, (Object) new float[][] { { 1, 2 }, { 3, 4 } });
			Object constant = build.invoke(setTensor.invoke(setType.invoke(opBuilder.invoke(graph, "Const", "weights"),
				"dtype", floatType), "value", weights));
			close.invoke(weights);
			Object b = opBuilder.invoke(graph, "MatMul", "output");
			addInput.invoke(b, output.invoke(input, 0));
			addInput.invoke(b, output.invoke(constant, 0));
			build.invoke(b);
			try (AutoCloseable session = (AutoCloseable) sessionC.getConstructor(graphC).newInstance(graph)) {
				Object x = create.invoke(null, (Object) new float[][] { { 1, 1 } });
				Object runner = sessionC.getMethod("runner").invoke(session);
				Class<?> runnerC = runner.getClass();
				runnerC.getMethod("feed", String.class, tensorC).invoke(runner, "input", x);
				runnerC.getMethod("fetch", String.class).invoke(runner, "output");
				@SuppressWarnings("unchecked")
				java.util.List<Object> outs = (java.util.List<Object>) runnerC.getMethod("run").invoke(runner);
				float[][] y = new float[1][2];
				tensorC.getMethod("copyTo", Object.class).invoke(outs.get(0), (Object) y);
				close.invoke(outs.get(0));
				close.invoke(x);
				return y[0];
			}
		}
	}
}

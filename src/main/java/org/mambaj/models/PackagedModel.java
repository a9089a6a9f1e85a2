package org.mambaj.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.mambaj.core.Engine;
import org.mambaj.core.Engines;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.ChannelMode;
import org.mambaj.io.MambajSettings;
import org.mambaj.io.ModelDescriptor;
import org.mambaj.io.ModelPackage;
import org.mambaj.io.ProcessingStep;
import org.mambaj.io.nnunet.NnUNetInference;

/**
 * A model package opened and built on an engine: the network plus what its rdf.yaml says about how to
 * feed it (channels, size, pre- and post-processing). Loading runs nothing but the declared architecture.
 */
public final class PackagedModel implements AutoCloseable {

	private final ModelPackage pkg;
	private final ModelDescriptor descriptor;
	private final Engine engine;
	private final Model model;
	private final MambajSettings settings;

	private PackagedModel(ModelPackage pkg, Engine engine, Model model) {
		this.pkg = pkg;
		this.descriptor = pkg.descriptor();
		this.settings = descriptor.settings();
		this.engine = engine;
		this.model = model;
	}

	/** Opens a package folder or .zip and builds its network on the named engine (auto, tensorflow, java). */
	public static PackagedModel load(Path path, String engineKind) throws IOException {
		return load(ModelPackage.open(path), engineKind);
	}

	/** Builds an opened package's network; the model owns {@code pkg} from now on (closes it, also on failure). */
	public static PackagedModel load(ModelPackage pkg, String engineKind) throws IOException {
		Engine engine = null;
		try {
			engine = Engines.create(engineKind);
			ModelDescriptor d = pkg.descriptor();
			if (d.inputs().size() != 1 || d.outputs().size() != 1) throw new IllegalArgumentException(
				pkg.source() + ": MambaJ runs models with one input and one output, this one has " +
				d.inputs().size() + " and " + d.outputs().size());
			Model m;
			try {
				m = Architectures.build(d.architecture().name(), d.architecture().config(), pkg.stateDict(), engine);
			}
			catch (ConfigException e) {
				throw new ConfigException(pkg.source() + ": rdf.yaml architecture.config: " + e.getMessage());
			}
			return new PackagedModel(pkg, engine, m);
		}
		catch (IOException | RuntimeException e) {
			if (engine != null) engine.close();
			pkg.close();
			throw e;
		}
	}

	public Model model() { return model; }
	public ModelDescriptor descriptor() { return descriptor; }
	public String name() { return descriptor.name(); }
	public Path source() { return pkg.source(); }
	public String engineName() { return engine.name(); }
	/** True when its engine runs every op on the caller's threads ({@link Engine#usesCallersThreads}). */
	public boolean usesCallersThreads() { return engine.usesCallersThreads(); }

	/** "classification", "segmentation" or "denoising". */
	public String task() {
		String t = descriptor.task();
		if (t == null) throw new IllegalArgumentException(pkg.source() + ": rdf.yaml has no config.mambaj.task");
		return t;
	}

	/** How image channels map to the model's: config.mambaj.channels, else grey for one input channel, rgb for more. */
	public ChannelMode channels() {
		ChannelMode c = settings.channelMode();
		return c != null ? c : model.inputChannels() == 1 ? ChannelMode.GREY : ChannelMode.RGB;
	}

	public int sizeMultiple() {
		return settings.sizeMultiple() > 0 ? settings.sizeMultiple() : model.sizeMultiple();
	}

	/** How many times larger than its input the network's dense output is per axis (super-resolution), else 1. */
	public int outputScale() {
		return model.outputScale();
	}

	/** The fixed input size [h, w] of a classifier, or null for any size. */
	public int[] inputSize() {
		return settings.inputSize();
	}

	public List<String> classNames() {
		return settings.classNames();
	}

	/** Validation metrics recorded by the training script (name -> value). */
	public Map<String, Object> metrics() {
		return settings.metrics();
	}

	/** config.mambaj, typed and range-checked. */
	public MambajSettings settings() {
		return settings;
	}

	/**
	 * nnU-Net's prediction around the network (normalization, Gaussian sliding window, label mapping) for a package
	 * installed from an nnU-Net results folder ({@code config.mambaj.nnunet}), else null.
	 */
	public NnUNetInference nnunet() {
		return settings.nnunet();
	}

	public List<ProcessingStep> preprocessing() {
		return descriptor.inputs().get(0).preprocessing();
	}

	public List<ProcessingStep> postprocessing() {
		return descriptor.outputs().get(0).postprocessing();
	}

	/**
	 * The network's output for a channels-last {@code input} (see {@link Model}), refused when any value is NaN or infinite (weights that overflow,
	 * or a broken configuration), so that no NaN result is ever written or reported as a class.
	 */
	public Tensor forward(Tensor input) {
		Tensor out = model.forward(input);
		float[] data = out.data();
		for (int i = 0; i < data.length; i++) {
			if (!Float.isFinite(data[i])) throw new ArithmeticException(name() + " (" + pkg.source() + ") computed " +
				data[i] + " at output element " + i + " of " + out.shapeString() + " on the " + engine.name() +
				" engine: its weights or configuration overflow float32 for this input");
		}
		return out;
	}

	/**
	 * Runs the package's test inputs and compares with its test outputs, like {@code bioimageio test}.
	 *
	 * @return the largest relative max error over the test tensors
	 * @throws IllegalStateException naming the tensor and the error when it exceeds {@code tolerance}
	 */
	public double validate(double tolerance) throws IOException {
		List<Tensor> ins = pkg.testInputs(), outs = pkg.testOutputs();
		if (ins.isEmpty() || outs.size() != ins.size()) throw new IllegalStateException(name() + " (" + pkg.source() +
			"): rdf.yaml lists " + ins.size() + " test_inputs and " + outs.size() + " test_outputs; a package needs " +
			"both, one per tensor, so that it can be checked to reproduce its results");
		double worst = 0;
		for (int i = 0; i < ins.size(); i++) {
			// test tensors are in the package's PyTorch layout (bcyx images, bc scores); the network is channels-last
			Tensor expected = outs.get(i), actual = Layout.toTorch(forward(Layout.fromTorch(ins.get(i))));
			if (!actual.sameShape(expected.shape())) throw new IllegalStateException(name() + " (" + pkg.source() + "): test output " + i +
				" has shape " + actual.shapeString() + ", the package expects " + expected.shapeString());
			double err = relativeMaxError(expected.data(), actual.data());
			if (!(err <= tolerance)) throw new IllegalStateException(String.format(
				"%s (%s): test output %d differs from the package's by %.3g (relative max error, tolerance %.1g)",
				name(), pkg.source(), i, err, tolerance));
			worst = Math.max(worst, err);
		}
		return worst;
	}

	static double relativeMaxError(float[] expected, float[] actual) {
		double maxRef = 0, maxErr = 0;
		for (int i = 0; i < expected.length; i++) {
			maxRef = Math.max(maxRef, Math.abs(expected[i]));
			maxErr = Math.max(maxErr, Math.abs((double) expected[i] - actual[i]));
		}
		if (Double.isNaN(maxErr)) return Double.NaN;
		return maxErr / Math.max(maxRef, 1e-12);
	}

	@Override
	public void close() throws IOException {
		engine.close();
		pkg.close();
	}
}

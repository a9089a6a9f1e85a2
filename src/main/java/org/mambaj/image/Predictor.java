package org.mambaj.image;

import java.util.List;

import org.mambaj.core.Tensor;
import org.mambaj.io.ChannelMode;
import org.mambaj.io.ProcessingStep;
import org.mambaj.io.ProcessingStep.Binarize;
import org.mambaj.io.ProcessingStep.Clip;
import org.mambaj.io.ProcessingStep.EnsureDtype;
import org.mambaj.io.ProcessingStep.InstancesFromInterior;
import org.mambaj.io.ProcessingStep.RestoreRange;
import org.mambaj.io.ProcessingStep.ScaleLinear;
import org.mambaj.io.ProcessingStep.ScaleRange;
import org.mambaj.io.ProcessingStep.Sigmoid;
import org.mambaj.io.ProcessingStep.Softmax;
import org.mambaj.io.ProcessingStep.ZeroMeanUnitVariance;
import org.mambaj.io.nnunet.NnUNetInference;
import org.mambaj.models.PackagedModel;

/**
 * The whole inference pipeline of a model package on one image, as its rdf.yaml declares it: channel
 * mapping, resizing (classifiers), pre-processing over the whole image, the network (tiled for dense
 * tasks), then post-processing. The training scripts evaluate with the same steps, so the accuracy measured
 * in Java matches the model card. Thread-safe; shares the loaded network.
 */
public final class Predictor {

	private final PackagedModel model;
	/** {min, max} percentiles replacing those of the package's scale_range step, or null. */
	private final double[] percentiles;

	public Predictor(PackagedModel model) {
		this(model, null);
	}

	/** nnU-Net's own pipeline for packages made from an nnU-Net results folder, else null. */
	private final NnUNetPipeline nnunet;
	/** How image channels map to the model's (from rdf.yaml, or the network's channel count). */
	private final ChannelMode channels;

	private Predictor(PackagedModel model, double[] percentiles) {
		this.model = model;
		this.percentiles = percentiles;
		NnUNetInference inference = model.nnunet();
		this.nnunet = inference == null ? null : new NnUNetPipeline(inference);
		this.channels = model.channels();
	}

	/**
	 * This predictor with the package's scale_range percentiles replaced (for images whose intensities differ
	 * from the training data's); shares the loaded network.
	 */
	public Predictor withPercentiles(double low, double high) {
		if (model.preprocessing().stream().noneMatch(s -> s instanceof ScaleRange)) throw new IllegalArgumentException(
			model.name() + " does not normalize by percentiles (no scale_range step); use the model's normalization");
		Normalization.checkPercentiles(low, high);
		return new Predictor(model, new double[] { low, high });
	}

	public PackagedModel model() {
		return model;
	}

	/** How image channels map to the model's. */
	public ChannelMode channelMode() {
		return channels;
	}

	/** The network input for an image and the intensity range it was normalized with (null if none). */
	record Prepared(PixelSource input, Normalization normalization) {}

	/**
	 * The network input as a view of the image (no copy) with every pre-processing step applied value by value;
	 * the steps that need statistics (percentiles, mean and deviation) stream over the view as it is so far.
	 */
	Prepared prepare(Raster image) {
		int[] size = model.inputSize();
		ModelInput in;
		if (size == null) in = new ModelInput(image, Channels.mapping(channels, image.channels()));
		else { // resizing (classifiers) needs the whole mapped image; they are small
			Plane resized = Resize.to(Channels.adapt(image.toPlane(), channels), size[0], size[1]);
			in = new ModelInput(Raster.of(resized), Channels.Mapping.SAME);
		}
		Normalization norm = null;
		for (ProcessingStep s : model.preprocessing()) {
			if (s instanceof ScaleRange r) {
				norm = Normalization.of(in, percentiles == null ? r : new ScaleRange(percentiles[0], percentiles[1], r.eps()));
				in = in.then(norm::apply);
			}
			else if (s instanceof ScaleLinear l) in = in.then(affine(l.gain(), l.offset()));
			else if (s instanceof ZeroMeanUnitVariance z) in = in.then(standardize(in, z.eps()));
			else if (s instanceof Clip c) in = in.then(v -> PostProcessing.clip(v, c.min(), c.max()));
			else if (!(s instanceof EnsureDtype)) throw misplaced("pre-processing", s);
		}
		return new Prepared(in, norm);
	}

	/** Class probabilities (after the package's post-processing, e.g. softmax) for one image. */
	public float[] classify(Plane image) {
		return classify(Raster.of(image));
	}

	/** Class probabilities (after the package's post-processing, e.g. softmax) for one image. */
	public float[] classify(Raster image) {
		requireTask("classification");
		Tensor out = model.forward(ChannelsLast.copyOf(prepare(image).input()));
		Plane scores = new Plane(out.data(), out.dim(1), 1, 1);
		return applyScoreSteps(scores, null).data();
	}

	/**
	 * The dense output before any decision step: probabilities for segmentation, the restored image for
	 * denoising (for a super-resolution model {@link PackagedModel#outputScale} times larger per axis). Runs tile by
	 * tile with a tiler of the model's output scale; {@code progress} can cancel between tiles.
	 */
	public Plane scores(Plane image, Tiler tiler, Progress progress) {
		return scores(Raster.of(image), tiler, progress).toPlane();
	}

	/** {@link #scores(Plane, Tiler, Progress)} written band by band into one float image, its only whole-image buffer. */
	public Raster scores(Raster image, Tiler tiler, Progress progress) {
		int s = tiler == null ? 1 : tiler.scale(); // nnU-Net models tile by themselves (no tiler), at scale 1
		Outputs.Floats out = new Outputs.Floats(image.height() * s, image.width() * s);
		scores(image, tiler, out, progress);
		return out.result();
	}

	/** Hands the scores to {@code sink} band by band as the tiles finish them. */
	private void scores(Raster image, Tiler tiler, Tiler.RowSink sink, Progress progress) {
		if ("classification".equals(model.task())) throw new IllegalArgumentException(
			model.name() + " is a classification model; it has no pixel-wise output");
		if (nnunet != null) { // nnU-Net normalizes, tiles (its patch size and Gaussian weights) and maps labels itself
			sink.rows(0, nnunet.probabilities(image.toPlane(), model.model()::forward, progress));
			return;
		}
		if (tiler.scale() != model.outputScale()) throw new IllegalArgumentException(model.name() + " gives an output " +
			model.outputScale() + " times its input per axis, but the tiler was set up for " + tiler.scale() + " times");
		Prepared prep = prepare(image);
		tiler.run(prep.input(), model::forward,
			(y0, rows) -> sink.rows(y0, applyScoreSteps(rows, prep.normalization())), progress);
	}

	/** The decision steps (binarize, instances_from_interior) on top of {@link #scores}; a mask or label image. */
	public Plane decide(Plane scores) {
		if (nnunet != null) return nnunet.labels(scores);
		Plane p = scores;
		for (ProcessingStep s : model.postprocessing()) {
			if (s instanceof Binarize b) p = PostProcessing.binarize(p, b.threshold());
			else if (s instanceof InstancesFromInterior i) p = PostProcessing.instancesFromInterior(p, i.minSize(), i.seedThreshold());
		}
		return p;
	}

	/**
	 * {@code decide(scores(image))} without a whole-image score buffer: binarize steps run on each band of scores as
	 * it is finished and give an 8-bit mask; an instance step keeps only a byte-a-pixel class map of the bands and
	 * gives 16-bit labels (nnU-Net's semantic labels are 16-bit too).
	 */
	public Raster decision(Raster image, Tiler tiler, Progress progress) {
		if (!hasDecision()) throw new IllegalArgumentException(model.name() + " declares no binarize or instance step");
		if (nnunet != null) return Outputs.labels16(nnunet.labels(nnunet.probabilities(image.toPlane(),
			model.model()::forward, progress)));
		List<ProcessingStep> steps = model.postprocessing().stream().filter(ProcessingStep::isDecision).toList();
		int instance = -1; // the parser allows one instance step at most
		for (int i = 0; i < steps.size(); i++) if (steps.get(i) instanceof InstancesFromInterior) instance = i;
		if (instance < 0) {
			Outputs.Mask mask = new Outputs.Mask(image.height(), image.width(), rows -> binarize(rows, steps));
			scores(image, tiler, mask, progress);
			return mask.result();
		}
		List<ProcessingStep> before = steps.subList(0, instance), after = steps.subList(instance + 1, steps.size());
		InstancesFromInterior step = (InstancesFromInterior) steps.get(instance);
		Outputs.ClassMap map = new Outputs.ClassMap(image.height(), image.width(), rows -> binarize(rows, before),
			step.seedThreshold());
		scores(image, tiler, map, progress);
		Raster labels = map.instances(step.minSize());
		return after.isEmpty() ? labels : Outputs.mask(binarize(labels.toPlane(), after));
	}

	/** The {@link Binarize} steps of a list of decision steps without an instance step. */
	private static Plane binarize(Plane p, List<ProcessingStep> binarizeSteps) {
		for (ProcessingStep s : binarizeSteps) p = PostProcessing.binarize(p, ((Binarize) s).threshold());
		return p;
	}

	/** True when the package declares a step that turns scores into labels or a mask. */
	public boolean hasDecision() {
		return nnunet != null || model.postprocessing().stream().anyMatch(ProcessingStep::isDecision);
	}

	/** True for an nnU-Net model: {@link #decide} gives its label map (label values, 0 = background). */
	public boolean makesSemanticLabels() {
		return nnunet != null && !model.nnunet().cellInstances();
	}

	/** True for an nnU-Net model, which predicts in its own patches (no tile or overlap to choose). */
	public boolean isNnUNet() {
		return nnunet != null;
	}

	/** True when the package's decision step makes instance labels. */
	public boolean makesInstances() {
		if (nnunet != null) return model.nnunet().cellInstances();
		return model.postprocessing().stream().anyMatch(s -> s instanceof InstancesFromInterior);
	}

	private Plane applyScoreSteps(Plane p, Normalization norm) {
		for (ProcessingStep s : model.postprocessing()) {
			if (s instanceof Softmax) p = PostProcessing.softmax(p);
			else if (s instanceof Sigmoid) p = PostProcessing.sigmoid(p);
			else if (s instanceof Clip c) p = PostProcessing.clip(p, c.min(), c.max());
			else if (s instanceof ScaleLinear l) p = scaleLinear(p, l);
			else if (s instanceof RestoreRange) {
				if (norm == null) throw new IllegalArgumentException(model.name() +
					": restore_range needs a scale_range pre-processing step");
				p = norm.restore(p);
			}
			else if (!(s instanceof EnsureDtype || s.isDecision())) throw misplaced("post-processing", s);
		}
		return p;
	}

	private void requireTask(String task) {
		if (!task.equals(model.task())) throw new IllegalArgumentException(
			model.name() + " is a " + model.task() + " model, not a " + task + " model");
	}

	/** A step in a list the rdf.yaml parser does not let it into (see {@link ProcessingStep#place}). */
	private IllegalStateException misplaced(String what, ProcessingStep s) {
		return new IllegalStateException(model.name() + ": " + what + " step '" + s.name() + "' got past the rdf.yaml parser");
	}

	private static Plane scaleLinear(Plane p, ScaleLinear s) {
		ModelInput.ValueOp op = affine(s.gain(), s.offset());
		float[] in = p.data(), out = new float[in.length];
		for (int i = 0; i < in.length; i++) out[i] = op.apply(in[i]);
		return new Plane(out, p.channels(), p.height(), p.width());
	}

	private static ModelInput.ValueOp affine(double gain, double offset) {
		return v -> (float) (v * gain + offset);
	}

	/** Mean and deviation of every value of the input so far (summed in channel-major order), as an affine step. */
	private static ModelInput.ValueOp standardize(PixelSource p, double eps) {
		double sum = 0, sq = 0;
		for (int c = 0; c < p.channels(); c++)
			for (int y = 0; y < p.height(); y++)
				for (int x = 0; x < p.width(); x++) {
					float v = p.get(c, y, x);
					sum += v;
					sq += (double) v * v;
				}
		double n = (double) p.channels() * p.height() * p.width();
		double mean = sum / n, std = Math.sqrt(Math.max(0, sq / n - mean * mean));
		return affine(1 / (std + eps), -mean / (std + eps));
	}
}

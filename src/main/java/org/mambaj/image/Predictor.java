package org.mambaj.image;

import java.util.List;

import org.mambaj.core.Tensor;
import org.mambaj.io.ChannelMode;
import org.mambaj.io.ProcessingStep;
import org.mambaj.io.ProcessingStep.Binarize;
import org.mambaj.io.ProcessingStep.InstancesFromInterior;
import org.mambaj.io.ProcessingStep.ScaleRange;
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

	/**
	 * The network input as a view of the image (no copy) with every pre-processing step applied value by value
	 * ({@link Processing#preprocess}); the percentiles given to {@link #withPercentiles} replace the package's.
	 */
	Processing.Prepared prepare(Raster image) {
		int[] size = model.inputSize();
		ModelInput in;
		if (size == null) in = new ModelInput(image, Channels.mapping(channels, image.channels()));
		else { // resizing (classifiers) needs the whole mapped image; they are small
			Plane resized = Resize.to(Channels.adapt(image.toPlane(), channels), size[0], size[1]);
			in = new ModelInput(Raster.of(resized), Channels.Mapping.SAME);
		}
		List<ProcessingStep> steps = model.preprocessing();
		if (percentiles != null) steps = steps.stream().map(s -> s instanceof ScaleRange r ?
			new ScaleRange(percentiles[0], percentiles[1], r.eps(), r.perChannel()) : s).toList();
		return Processing.preprocess(in, steps, model.name());
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
		Processing.Prepared prep = prepare(image);
		tiler.run(prep.input(), model::forward,
			(y0, rows) -> sink.rows(y0, applyScoreSteps(rows, prep.scaling())), progress);
	}

	/** The decision steps (binarize, instances_from_interior) on top of {@link #scores}; a mask or label image. */
	public Plane decide(Plane scores) {
		if (nnunet != null) return nnunet.labels(scores);
		return Processing.decide(scores, model.postprocessing());
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

	private Plane applyScoreSteps(Plane p, RangeScaling scaling) {
		return Processing.scoreSteps(p, model.postprocessing(), scaling, model.name());
	}

	private void requireTask(String task) {
		if (!task.equals(model.task())) throw new IllegalArgumentException(
			model.name() + " is a " + model.task() + " model, not a " + task + " model");
	}
}

package org.mambaj.image;

import java.util.List;

import org.mambaj.core.Tensor;
import org.mambaj.io.ProcessingStep;
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

	private Predictor(PackagedModel model, double[] percentiles) {
		this.model = model;
		this.percentiles = percentiles;
		NnUNetInference inference = model.nnunet();
		this.nnunet = inference == null ? null : new NnUNetPipeline(inference);
	}

	/**
	 * This predictor with the package's scale_range percentiles replaced (for images whose intensities differ
	 * from the training data's); shares the loaded network.
	 */
	public Predictor withPercentiles(double low, double high) {
		if (model.preprocessing().stream().noneMatch(s -> s.name().equals("scale_range"))) throw new IllegalArgumentException(
			model.name() + " does not normalize by percentiles (no scale_range step); use the model's normalization");
		Normalization.checkPercentiles(low, high);
		return new Predictor(model, new double[] { low, high });
	}

	public PackagedModel model() {
		return model;
	}

	/** The network input for an image and the intensity range it was normalized with (null if none). */
	record Prepared(Plane input, Normalization normalization) {}

	Prepared prepare(Plane image) {
		Plane p = Channels.adapt(image, model.channels());
		int[] size = model.inputSize();
		if (size != null) p = Resize.to(p, size[0], size[1]);
		Normalization norm = null;
		for (ProcessingStep s : model.preprocessing()) {
			switch (s.name()) {
				case "scale_range" -> {
					norm = percentiles != null ? Normalization.percentiles(p, percentiles[0], percentiles[1])
						: Normalization.percentiles(p, s.doubleArg("min_percentile", 0), s.doubleArg("max_percentile", 100));
					p = norm.apply(p);
				}
				case "scale_linear" -> p = scaleLinear(p, s);
				case "zero_mean_unit_variance" -> p = standardize(p, s.doubleArg("eps", 1e-6));
				case "clip" -> p = clip(p, s);
				case "ensure_dtype" -> { }
				default -> throw unsupported("pre-processing", s);
			}
		}
		return new Prepared(p, norm);
	}

	/** Class probabilities (after the package's post-processing, e.g. softmax) for one image. */
	public float[] classify(Plane image) {
		requireTask("classification");
		Tensor out = model.forward(prepare(image).input().asBatch());
		Plane scores = new Plane(out.data(), out.dim(1), 1, 1);
		return applyScoreSteps(scores, null).data();
	}

	/**
	 * The dense output before any decision step: probabilities for segmentation, the restored image for
	 * denoising (for a super-resolution model {@link PackagedModel#outputScale} times larger per axis). Runs tile by
	 * tile with a tiler of the model's output scale; {@code progress} can cancel between tiles.
	 */
	public Plane scores(Plane image, Tiler tiler, Progress progress) {
		if ("classification".equals(model.task())) throw new IllegalArgumentException(
			model.name() + " is a classification model; it has no pixel-wise output");
		if (nnunet != null) // nnU-Net normalizes, tiles (its patch size and Gaussian weights) and maps labels itself
			return nnunet.probabilities(image, patch -> Plane.of(model.model().forward(patch.asBatch())), progress);
		if (tiler.scale() != model.outputScale()) throw new IllegalArgumentException(model.name() + " gives an output " +
			model.outputScale() + " times its input per axis, but the tiler was set up for " + tiler.scale() + " times");
		Prepared prep = prepare(image);
		Plane raw = tiler.run(prep.input(), tile -> Plane.of(model.forward(tile.asBatch())), progress);
		return applyScoreSteps(raw, prep.normalization());
	}

	/** The decision steps (binarize, instances_from_interior) on top of {@link #scores}; a mask or label image. */
	public Plane decide(Plane scores) {
		if (nnunet != null) return nnunet.labels(scores);
		Plane p = scores;
		for (ProcessingStep s : model.postprocessing()) {
			switch (s.name()) {
				case "binarize" -> p = PostProcessing.binarize(p, s.doubleArg("threshold", 0.5));
				case "instances_from_interior" -> p = PostProcessing.instancesFromInterior(p, (int) s.doubleArg("min_size", 0));
				default -> { }
			}
		}
		return p;
	}

	/** True when the package declares a step that turns scores into labels or a mask. */
	public boolean hasDecision() {
		return nnunet != null || model.postprocessing().stream().anyMatch(s -> isDecision(s.name()));
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
		return model.postprocessing().stream().anyMatch(s -> s.name().equals("instances_from_interior"));
	}

	private Plane applyScoreSteps(Plane p, Normalization norm) {
		for (ProcessingStep s : model.postprocessing()) {
			switch (s.name()) {
				case "softmax" -> p = PostProcessing.softmax(p);
				case "sigmoid" -> p = PostProcessing.sigmoid(p);
				case "clip" -> p = clip(p, s);
				case "scale_linear" -> p = scaleLinear(p, s);
				case "restore_range" -> {
					if (norm == null) throw new IllegalArgumentException(model.name() +
						": restore_range needs a scale_range pre-processing step");
					p = norm.restore(p);
				}
				case "ensure_dtype" -> { }
				default -> {
					if (!isDecision(s.name())) throw unsupported("post-processing", s);
				}
			}
		}
		return p;
	}

	private static boolean isDecision(String name) {
		return List.of("binarize", "instances_from_interior").contains(name);
	}

	private void requireTask(String task) {
		if (!task.equals(model.task())) throw new IllegalArgumentException(
			model.name() + " is a " + model.task() + " model, not a " + task + " model");
	}

	private IllegalArgumentException unsupported(String what, ProcessingStep s) {
		return new IllegalArgumentException(model.name() + ": " + what + " step '" + s.name() + "' is not supported by MambaJ");
	}

	/** The steps allowed both before and after the network, read from their kwargs in one place. */
	private static Plane clip(Plane p, ProcessingStep s) {
		return PostProcessing.clip(p, s.doubleArg("min", Double.NEGATIVE_INFINITY), s.doubleArg("max", Double.POSITIVE_INFINITY));
	}

	private static Plane scaleLinear(Plane p, ProcessingStep s) {
		return affine(p, s.doubleArg("gain", 1), s.doubleArg("offset", 0));
	}

	private static Plane affine(Plane p, double gain, double offset) {
		float[] in = p.data(), out = new float[in.length];
		for (int i = 0; i < in.length; i++) out[i] = (float) (in[i] * gain + offset);
		return new Plane(out, p.channels(), p.height(), p.width());
	}

	private static Plane standardize(Plane p, double eps) {
		double sum = 0, sq = 0;
		for (float v : p.data()) {
			sum += v;
			sq += (double) v * v;
		}
		int n = p.data().length;
		double mean = sum / n, std = Math.sqrt(Math.max(0, sq / n - mean * mean));
		return affine(p, 1 / (std + eps), -mean / (std + eps));
	}
}

package org.mambaj.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.mambaj.image.Plane;
import org.mambaj.image.PostProcessing;
import org.mambaj.image.Predictor;
import org.mambaj.image.Progress;
import org.mambaj.zoo.ModelRegistry;
import org.mambaj.zoo.NnUNetPackager;

/**
 * Classify, segment and denoise one image with the options a user gave: the single implementation behind
 * every front door. Checks the request first (model task, image size, tile) so that errors name the
 * problem before any work is done.
 */
public final class ModelRunner {

	/** Smaller images hold too little to classify or segment. */
	public static final int MIN_SIDE = 8;

	private final ModelRegistry registry;

	public ModelRunner(ModelRegistry registry) {
		this.registry = registry;
	}

	public Classification classify(Plane image, RunOptions options) throws IOException {
		try (ModelRegistry.Lease lease = lease(options, image)) {
			Predictor p = predictor(lease, options, "classification");
			float[] probabilities = p.classify(image);
			List<String> names = new ArrayList<>(p.model().classNames());
			for (int i = names.size(); i < probabilities.length; i++) names.add("class " + i);
			return new Classification(List.copyOf(names.subList(0, probabilities.length)), probabilities);
		}
	}

	/** The segmentation {@code output} asks for; see {@link SegmentOutput}. */
	public Segmentation segment(Plane image, RunOptions options, SegmentOutput output, Progress progress) throws IOException {
		try (ModelRegistry.Lease lease = lease(options, image)) {
			return segment(predictor(lease, options, "segmentation"), image, options, output, progress);
		}
	}

	private static Segmentation segment(Predictor p, Plane image, RunOptions options, SegmentOutput output, Progress progress) {
		boolean labelled = p.makesInstances() || p.makesSemanticLabels(); // decide() already gives labels
		SegmentOutput kind = output != SegmentOutput.AUTO ? output
			: labelled ? SegmentOutput.LABELS : p.hasDecision() ? SegmentOutput.MASK : SegmentOutput.PROBABILITIES;
		if (kind != SegmentOutput.PROBABILITIES && !p.hasDecision()) throw new IllegalArgumentException(
			p.model().name() + " gives only probabilities (its package declares no binarize or instance step); " +
			"use output=probabilities");
		Plane scores = p.scores(image, TileSettings.tiler(p.model(), options.tile(), options.overlap()), progress);
		return switch (kind) {
			case MASK -> {
				Plane mask = labelled ? PostProcessing.binarize(p.decide(scores), 0) : p.decide(scores);
				yield new Segmentation(mask, kind, PostProcessing.countLabels(PostProcessing.components(mask)));
			}
			case LABELS -> {
				Plane labels = labelled ? p.decide(scores) : PostProcessing.components(p.decide(scores));
				yield new Segmentation(labels, kind, PostProcessing.countLabels(labels));
			}
			default -> new Segmentation(scores, SegmentOutput.PROBABILITIES, 0);
		};
	}

	/** The restored image, in the input's intensity range. */
	public Plane denoise(Plane image, RunOptions options, Progress progress) throws IOException {
		try (ModelRegistry.Lease lease = lease(options, image)) {
			Predictor p = predictor(lease, options, "denoising");
			HeapCheck.require(image, p.model().outputScale()); // a super-resolution result is scale^2 times larger
			return p.scores(image, TileSettings.tiler(p.model(), options.tile(), options.overlap()), progress);
		}
	}

	/** The model held for one run: an install meanwhile does not close it under the run. */
	private ModelRegistry.Lease lease(RunOptions options, Plane image) throws IOException {
		if (image.width() < MIN_SIDE || image.height() < MIN_SIDE) throw new IllegalArgumentException("the image is " +
			image.width() + "x" + image.height() + " pixels; MambaJ needs at least " + MIN_SIDE + "x" + MIN_SIDE);
		HeapCheck.require(image);
		// an nnU-Net results folder is converted to a package once, then loaded like any package
		return registry.use(NnUNetPackager.packageFor(options.model()), options.engine());
	}

	private static Predictor predictor(ModelRegistry.Lease lease, RunOptions options, String task) {
		Predictor p = lease.predictor();
		if (!task.equals(p.model().task())) throw new IllegalArgumentException(
			p.model().name() + " is a " + p.model().task() + " model, not a " + task + " model");
		if (p.isNnUNet() && (options.tile() != 0 || options.overlap() != -1)) throw new IllegalArgumentException(
			p.model().name() + " is an nnU-Net model: it predicts in its own patches (the plans' patch size, step 0.5); " +
			"leave tile and overlap at their defaults");
		if (!"classification".equals(task)) TileSettings.tiler(p.model(), options.tile(), options.overlap());
		return options.normalize().equals(RunOptions.NORMALIZE_PERCENTILE) ? p.withPercentiles(options.low(), options.high()) : p;
	}
}

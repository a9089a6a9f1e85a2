package org.mambaj.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.mambaj.image.Plane;
import org.mambaj.image.Raster;
import org.mambaj.image.PostProcessing;
import org.mambaj.image.Predictor;
import org.mambaj.image.Progress;
import org.mambaj.image.Tiler;
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
		return classify(Raster.of(image), options);
	}

	public Classification classify(Raster image, RunOptions options) throws IOException {
		try (ModelRegistry.Lease lease = lease(options, image, 0)) {
			Predictor p = predictor(lease, options, "classification");
			float[] probabilities = p.classify(image);
			List<String> names = new ArrayList<>(p.model().classNames());
			for (int i = names.size(); i < probabilities.length; i++) names.add("class " + i);
			return new Classification(List.copyOf(names.subList(0, probabilities.length)), probabilities);
		}
	}

	/** The segmentation {@code output} asks for; see {@link SegmentOutput}. */
	public Segmentation segment(Plane image, RunOptions options, SegmentOutput output, Progress progress) throws IOException {
		return segment(Raster.of(image), options, output, progress);
	}

	/**
	 * The segmentation {@code output} asks for; see {@link SegmentOutput}. Besides the image and the model, it holds
	 * the result (a float per class for probabilities, a byte a pixel for a mask, two bytes for labels plus a byte
	 * for the instance step's class map) and one band of tiles.
	 */
	public Segmentation segment(Raster image, RunOptions options, SegmentOutput output, Progress progress) throws IOException {
		try (ModelRegistry.Lease lease = lease(options, image, 0)) {
			Predictor p = predictor(lease, options, "segmentation");
			SegmentOutput kind = kind(p, output);
			Tiler tiler = TileSettings.tiler(p.model(), options.tile(), options.overlap());
			// nnU-Net predicts in its own patches, one at a time
			HeapCheck.require(image, HeapCheck.bytesPerPixel(kind, p.makesInstances()), p.isNnUNet() ? tiler.tilesAtOnce(1) : tiler);
			return segment(p, image, options, kind, progress);
		}
	}

	private static SegmentOutput kind(Predictor p, SegmentOutput output) {
		boolean labelled = p.makesInstances() || p.makesSemanticLabels(); // decide() already gives labels
		SegmentOutput kind = output != SegmentOutput.AUTO ? output
			: labelled ? SegmentOutput.LABELS : p.hasDecision() ? SegmentOutput.MASK : SegmentOutput.PROBABILITIES;
		if (kind != SegmentOutput.PROBABILITIES && !p.hasDecision()) throw new IllegalArgumentException(
			p.model().name() + " gives only probabilities (its package declares no binarize or instance step); " +
			"use output=probabilities");
		return kind;
	}

	private static Segmentation segment(Predictor p, Raster image, RunOptions options, SegmentOutput kind, Progress progress) {
		boolean labelled = p.makesInstances() || p.makesSemanticLabels();
		Tiler tiler = TileSettings.tiler(p.model(), options.tile(), options.overlap());
		if (kind == SegmentOutput.PROBABILITIES) return new Segmentation(p.scores(image, tiler, progress), kind, 0);
		Raster decision = p.decision(image, tiler, progress);
		if (kind == SegmentOutput.MASK) {
			Raster mask = labelled ? positive(decision) : decision;
			return new Segmentation(mask, kind, PostProcessing.components(mask, null));
		}
		Raster labels = decision;
		if (!labelled) {
			labels = Raster.allocate(Raster.Type.U16, 1, image.height(), image.width());
			PostProcessing.components(decision, labels);
		}
		return new Segmentation(labels, kind, PostProcessing.countLabels(labels));
	}

	/** 1 where a label image is above 0: the mask of a labelling model. */
	private static Raster positive(Raster labels) {
		Raster mask = Raster.allocate(Raster.Type.U8, labels.channels(), labels.height(), labels.width());
		for (int c = 0; c < labels.channels(); c++)
			for (int i = 0; i < labels.pixels(); i++) mask.set(c, i, labels.get(c, i) > 0 ? 1 : 0);
		return mask;
	}

	/** The restored image, in the input's intensity range. */
	public Plane denoise(Plane image, RunOptions options, Progress progress) throws IOException {
		return denoise(Raster.of(image), options, progress).toPlane();
	}

	/** The restored image, in the input's intensity range, as one float image. */
	public Raster denoise(Raster image, RunOptions options, Progress progress) throws IOException {
		try (ModelRegistry.Lease lease = lease(options, image, 4L * image.channels())) {
			Predictor p = predictor(lease, options, "denoising");
			Tiler tiler = TileSettings.tiler(p.model(), options.tile(), options.overlap());
			long s = tiler.scale(); // a super-resolution result is scale^2 times larger
			HeapCheck.require(image, 4L * image.channels() * s * s, tiler);
			return p.scores(image, tiler, progress);
		}
	}

	/** The model held for one run: an install meanwhile does not close it under the run. */
	private ModelRegistry.Lease lease(RunOptions options, Raster image, long bytesPerPixel) throws IOException {
		if (image.width() < MIN_SIDE || image.height() < MIN_SIDE) throw new IllegalArgumentException("the image is " +
			image.width() + "x" + image.height() + " pixels; MambaJ needs at least " + MIN_SIDE + "x" + MIN_SIDE);
		HeapCheck.require(image, bytesPerPixel);
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
		return options.normalize() == RunOptions.Normalize.PERCENTILE ? p.withPercentiles(options.low(), options.high()) : p;
	}
}

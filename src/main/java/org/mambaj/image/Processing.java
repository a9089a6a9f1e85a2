package org.mambaj.image;

import java.util.List;

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

/**
 * The one implementation of each typed {@link ProcessingStep}: the predictor runs a package's steps with it, and the
 * checkpoint packager computes a package's pipeline test output with it, so that the two cannot disagree.
 */
public final class Processing {

	private Processing() {}

	/** The network input and the intensity ranges it was normalized with (null if none). */
	record Prepared(PixelSource input, RangeScaling scaling) {}

	/**
	 * The pre-processing steps as a view of {@code in} (no copy), applied value by value; the steps that need
	 * statistics (percentiles, mean and deviation) stream over the view as it is so far. {@code who} names the model
	 * in errors.
	 */
	static Prepared preprocess(ModelInput in, List<ProcessingStep> steps, String who) {
		RangeScaling scaling = null;
		for (ProcessingStep s : steps) {
			if (s instanceof ScaleRange r) {
				scaling = RangeScaling.of(in, r);
				in = in.then(scaling::apply);
			}
			else if (s instanceof ScaleLinear l) in = in.then((c, v) -> affine(v, l.gain(), l.offset()));
			else if (s instanceof ZeroMeanUnitVariance z) in = in.then(standardize(in, z));
			else if (s instanceof Clip c) in = in.then((channel, v) -> PostProcessing.clip(v, c.min(), c.max()));
			else if (!(s instanceof EnsureDtype)) throw misplaced(who, "pre-processing", s);
		}
		return new Prepared(in, scaling);
	}

	/** The pre-processing steps on a whole image, as a new image (the packager's test input). */
	public static Plane preprocess(Plane image, List<ProcessingStep> steps, String who) {
		return Plane.copyOf(preprocess(new ModelInput(Raster.of(image), Channels.Mapping.SAME), steps, who).input());
	}

	/**
	 * The post-processing steps that keep scores (softmax, sigmoid, clip, scale_linear, restore_range with the
	 * input's {@code scaling}); the decision steps are {@link #decide}'s.
	 */
	static Plane scoreSteps(Plane p, List<ProcessingStep> steps, RangeScaling scaling, String who) {
		for (ProcessingStep s : steps) {
			if (s instanceof Softmax) p = PostProcessing.softmax(p);
			else if (s instanceof Sigmoid) p = PostProcessing.sigmoid(p);
			else if (s instanceof Clip c) p = PostProcessing.clip(p, c.min(), c.max());
			else if (s instanceof ScaleLinear l) p = scaleLinear(p, l);
			else if (s instanceof RestoreRange) {
				if (scaling == null) throw new IllegalArgumentException(who + ": restore_range needs a scale_range " +
					"pre-processing step");
				p = scaling.restore(p, who);
			}
			else if (!(s instanceof EnsureDtype || s.isDecision())) throw misplaced(who, "post-processing", s);
		}
		return p;
	}

	/** The decision steps (binarize, instances_from_interior), in their order, on scores. */
	static Plane decide(Plane p, List<ProcessingStep> steps) {
		for (ProcessingStep s : steps) {
			if (s instanceof Binarize b) p = PostProcessing.binarize(p, b.threshold());
			else if (s instanceof InstancesFromInterior i) p = PostProcessing.instancesFromInterior(p, i.minSize(), i.seedThreshold());
		}
		return p;
	}

	/** All post-processing steps on a raw network output, as the predictor runs them: scores, then decisions. */
	public static Plane postprocess(Plane raw, List<ProcessingStep> steps, RangeScaling scaling, String who) {
		return decide(scoreSteps(raw, steps, scaling, who), steps);
	}

	/** A step in a list the rdf.yaml parser does not let it into (see {@link ProcessingStep#place}). */
	private static IllegalStateException misplaced(String who, String what, ProcessingStep s) {
		return new IllegalStateException(who + ": " + what + " step '" + s.name() + "' got past the rdf.yaml parser");
	}

	private static Plane scaleLinear(Plane p, ScaleLinear s) {
		float[] in = p.data(), out = new float[in.length];
		for (int i = 0; i < in.length; i++) out[i] = affine(in[i], s.gain(), s.offset());
		return new Plane(out, p.channels(), p.height(), p.width());
	}

	private static float affine(float v, double gain, double offset) {
		return (float) (v * gain + offset);
	}

	/**
	 * x -> (x - mean) / (std + eps) with the mean and (population) deviation of the input so far: of all its values,
	 * or of each channel's for that channel. Two passes like NumPy's {@code x.std()}: the deviation from squared
	 * differences to the mean, not from the sum of squares, which loses the variance of an image with a large offset.
	 */
	private static ModelInput.ValueOp standardize(PixelSource p, ZeroMeanUnitVariance step) {
		if (!step.perChannel()) {
			double[] md = meanAndDivisor(p, step.eps());
			return (c, v) -> (float) ((v - md[0]) / md[1]);
		}
		double[][] md = new double[p.channels()][];
		for (int c = 0; c < md.length; c++) md[c] = meanAndDivisor(p.channel(c), step.eps());
		return (c, v) -> (float) ((v - md[c][0]) / md[c][1]);
	}

	/** {mean, deviation + eps} of every value of {@code p}. */
	private static double[] meanAndDivisor(PixelSource p, double eps) {
		double n = (double) p.channels() * p.height() * p.width(), sum = 0, sq = 0;
		for (int c = 0; c < p.channels(); c++)
			for (int y = 0; y < p.height(); y++)
				for (int x = 0; x < p.width(); x++) sum += p.get(c, y, x);
		double mean = sum / n;
		for (int c = 0; c < p.channels(); c++)
			for (int y = 0; y < p.height(); y++)
				for (int x = 0; x < p.width(); x++) {
					double d = p.get(c, y, x) - mean;
					sq += d * d;
				}
		return new double[] { mean, Math.sqrt(sq / n) + eps };
	}
}

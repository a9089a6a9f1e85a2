package org.mambaj.io;

/**
 * One pre- or post-processing step of an rdf.yaml, typed and range-checked when the package is read, so that an
 * unknown step, a step in the wrong list or a bad argument is refused at load with the file and field, never
 * halfway through an image. Only the steps MambaJ applies exist here ({@link #place} says where it can).
 */
public sealed interface ProcessingStep {

	/** Where MambaJ can apply a step: to the image before the network, to its output after it, or both. */
	enum Place {
		INPUT, OUTPUT, EITHER;

		boolean allows(Place list) {
			return this == EITHER || this == list;
		}
	}

	/** The step's name in rdf.yaml ({@code id} in spec 0.5, {@code name} in 0.4). */
	String name();

	Place place();

	/**
	 * x -> (x - lo) / (hi - lo + eps) with lo and hi the given percentiles of the image, per sample: of all its
	 * channels and pixels together, or, {@code perChannel} (the step's axes leave the channel axis out), of each
	 * channel's pixels for that channel. The parsers refuse other axes, per_dataset and a reference tensor.
	 */
	record ScaleRange(double minPercentile, double maxPercentile, double eps, boolean perChannel) implements ProcessingStep {
		/** The spec's default eps. */
		public static final double DEFAULT_EPS = 1e-6;

		public ScaleRange {
			if (!(0 <= minPercentile && minPercentile < maxPercentile && maxPercentile <= 100))
				throw new IllegalArgumentException("scale_range percentiles must satisfy 0 <= min < max <= 100, got " +
					minPercentile + " and " + maxPercentile);
			if (!(eps > 0 && Double.isFinite(eps))) throw new IllegalArgumentException("scale_range eps must be finite " +
				"and above 0, got " + eps);
		}

		/** Over all channels together. */
		public ScaleRange(double minPercentile, double maxPercentile, double eps) {
			this(minPercentile, maxPercentile, eps, false);
		}

		/** Over all channels together, with the spec's default eps. */
		public ScaleRange(double minPercentile, double maxPercentile) {
			this(minPercentile, maxPercentile, DEFAULT_EPS);
		}

		@Override public String name() { return "scale_range"; }
		@Override public Place place() { return Place.INPUT; }
	}

	/** x -> x * gain + offset. */
	record ScaleLinear(double gain, double offset) implements ProcessingStep {
		@Override public String name() { return "scale_linear"; }
		@Override public Place place() { return Place.EITHER; }
	}

	/**
	 * x -> (x - mean) / (std + eps) over all channels and pixels of the image, or, {@code perChannel}, over each
	 * channel's pixels for that channel.
	 */
	record ZeroMeanUnitVariance(double eps, boolean perChannel) implements ProcessingStep {
		/** Over all channels together. */
		public ZeroMeanUnitVariance(double eps) {
			this(eps, false);
		}

		@Override public String name() { return "zero_mean_unit_variance"; }
		@Override public Place place() { return Place.INPUT; }
	}

	/** Values limited to [min, max] (either may be infinite). */
	record Clip(double min, double max) implements ProcessingStep {
		@Override public String name() { return "clip"; }
		@Override public Place place() { return Place.EITHER; }
	}

	/** Accepted and without effect: MambaJ computes in float32 and writes each result in its own type. */
	record EnsureDtype() implements ProcessingStep {
		@Override public String name() { return "ensure_dtype"; }
		@Override public Place place() { return Place.EITHER; }
	}

	/** Softmax over the channel axis. */
	record Softmax() implements ProcessingStep {
		@Override public String name() { return "softmax"; }
		@Override public Place place() { return Place.OUTPUT; }
	}

	record Sigmoid() implements ProcessingStep {
		@Override public String name() { return "sigmoid"; }
		@Override public Place place() { return Place.OUTPUT; }
	}

	/** Undoes the input's {@link ScaleRange} on the output (denoising: the result in the input's intensities). */
	record RestoreRange() implements ProcessingStep {
		@Override public String name() { return "restore_range"; }
		@Override public Place place() { return Place.OUTPUT; }
	}

	/** A decision step: a {0, 1} mask of the values above {@code threshold}. */
	record Binarize(double threshold) implements ProcessingStep {
		@Override public String name() { return "binarize"; }
		@Override public Place place() { return Place.OUTPUT; }
	}

	/**
	 * A decision step: one label per connected region of the interior class (scores background, interior,
	 * boundary), grown into the boundary; objects under {@code minSize} pixels dropped. Only interior pixels whose
	 * interior score is at least {@code seedThreshold} seed an object (the others are grown into like the
	 * boundary): a stricter seed splits touching nuclei that a thin, unclosed boundary would join.
	 */
	record InstancesFromInterior(int minSize, double seedThreshold) implements ProcessingStep {
		/** Seeds from every interior pixel. */
		public InstancesFromInterior(int minSize) {
			this(minSize, 0);
		}

		@Override public String name() { return "instances_from_interior"; }
		@Override public Place place() { return Place.OUTPUT; }
	}

	/** True for the steps that turn scores into a mask or labels ({@link Binarize}, {@link InstancesFromInterior}). */
	default boolean isDecision() {
		return this instanceof Binarize || this instanceof InstancesFromInterior;
	}
}

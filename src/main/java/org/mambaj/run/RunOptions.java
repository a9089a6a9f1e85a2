package org.mambaj.run;

/**
 * The settings of one run, shared by every front door (Fiji commands, ImageJ 1.x plugins and macros, the
 * command line) under the same names.
 *
 * @param model an installed model's name, or a package folder or .zip
 * @param engine auto, tensorflow or java
 * @param normalize the package's own pre-processing, or the {@code low} and {@code high} percentiles of the image
 * @param tile largest tile edge in pixels; 0 = the model's default
 * @param overlap pixels shared by neighbouring tiles; -1 = the model's default
 */
public record RunOptions(String model, String engine, Normalize normalize, double low, double high, int tile, int overlap) {

	/** The settings' words, as macros, dialogs and the command line write them. */
	public static final String NORMALIZE_MODEL = "model";
	public static final String NORMALIZE_PERCENTILE = "percentile";
	public static final double DEFAULT_LOW = 1.0, DEFAULT_HIGH = 99.8;

	/** How the image is scaled before the network. */
	public enum Normalize {
		/** The package's own pre-processing. */
		MODEL(NORMALIZE_MODEL),
		/** scale_range by the run's low and high percentiles of the image instead of the package's. */
		PERCENTILE(NORMALIZE_PERCENTILE);

		private final String word;

		Normalize(String word) {
			this.word = word;
		}

		/** "model" or "percentile"; null or blank: {@link #MODEL}. */
		public static Normalize of(String word) {
			if (word == null || word.isBlank()) return MODEL;
			for (Normalize n : values()) if (n.word.equals(word)) return n;
			throw new IllegalArgumentException("normalize must be '" + NORMALIZE_MODEL + "' or '" + NORMALIZE_PERCENTILE +
				"', got '" + word + "'");
		}

		@Override
		public String toString() {
			return word;
		}
	}

	public RunOptions {
		if (engine == null || engine.isBlank()) engine = "auto";
		if (normalize == null) normalize = Normalize.MODEL;
		if (tile < 0) throw new IllegalArgumentException("tile must be 0 (model default) or a size in pixels, got " + tile);
		if (overlap < -1) throw new IllegalArgumentException("overlap must be -1 (model default) or at least 0, got " + overlap);
	}

	/** The settings as a front door has them, in words; a word that names no setting is refused, naming it. */
	public RunOptions(String model, String engine, String normalize, double low, double high, int tile, int overlap) {
		this(model, engine, Normalize.of(normalize), low, high, tile, overlap);
	}

	/** The model's own settings on the automatic engine. */
	public static RunOptions of(String model) {
		return new RunOptions(model, "auto", Normalize.MODEL, DEFAULT_LOW, DEFAULT_HIGH, 0, -1);
	}

	public RunOptions withEngine(String e) {
		return new RunOptions(model, e, normalize, low, high, tile, overlap);
	}

	public RunOptions withTiles(int t, int o) {
		return new RunOptions(model, engine, normalize, low, high, t, o);
	}

	public RunOptions withPercentiles(double lo, double hi) {
		return new RunOptions(model, engine, Normalize.PERCENTILE, lo, hi, tile, overlap);
	}
}

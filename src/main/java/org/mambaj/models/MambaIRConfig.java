package org.mambaj.models;

import static org.mambaj.models.ConfigLimits.*;

/**
 * MambaIR's hyper-parameters, read and range-checked from its config map; the shared published defaults
 * (architecture-defaults.json) when absent. {@code imgRange} scales the image on the way in and divides it on the way out, so it must be a
 * finite positive number (NaN gave all-NaN results). {@code upsampler} '' restores at the same size; 'pixelshuffle'
 * (classical SR) and 'pixelshuffledirect' (lightweight SR) give {@code upscale} times the input size.
 */
public record MambaIRConfig(int inChannels, int embedDim, int[] depths, int dState, float mlpRatio, float imgRange,
	String upsampler, int upscale) {

	public static final String RESTORE = "", PIXELSHUFFLE = "pixelshuffle", PIXELSHUFFLE_DIRECT = "pixelshuffledirect";

	public static MambaIRConfig from(Config c) {
		int[] depths = c.getIntsWithin("depths", 0, MAX_DEPTH);
		if (depths.length > 4 * MAX_STAGES) throw new ConfigException("mambair config: 'depths' has " + depths.length +
			" groups, at most " + 4 * MAX_STAGES + " are supported");
		String upsampler = c.getChoice("upsampler", RESTORE, PIXELSHUFFLE, PIXELSHUFFLE_DIRECT);
		// upstream ignores upscale without an upsampler (its class default is 2), so any positive value is fine there
		int upscale = c.getIntIn("upscale", 1, MAX_UPSCALE);
		if (upsampler.equals(PIXELSHUFFLE) && !(upscale == 3 || (upscale >= 2 && Integer.bitCount(upscale) == 1)))
			throw new ConfigException("mambair config: upsampler 'pixelshuffle' supports 'upscale' 2, 4, 8, 16 and 3 " +
				"(the published checkpoints: 2, 3, 4), got " + upscale);
		if (upsampler.equals(PIXELSHUFFLE_DIRECT) && upscale < 2) throw new ConfigException("mambair config: upsampler " +
			"'pixelshuffledirect' needs 'upscale' of at least 2 (the published checkpoints: 2, 3, 4), got " + upscale);
		return new MambaIRConfig(c.getIntIn("in_chans", 1, MAX_CHANNELS), c.getIntIn("embed_dim", 1, MAX_DIM), depths,
			c.getIntIn("d_state", 1, MAX_D_STATE), c.getFloatIn("mlp_ratio", 0.01f, 64f),
			c.getFloatIn("img_range", 1e-6f, 1e6f), upsampler, upscale);
	}

	/** How many times larger than the input the output is, per axis. */
	public int outputScale() {
		return upsampler.equals(RESTORE) ? 1 : upscale;
	}

	/** Lightweight SR uses the light channel attention block (depthwise and dilated convolutions). */
	public boolean lightBlocks() {
		return upsampler.equals(PIXELSHUFFLE_DIRECT);
	}
}

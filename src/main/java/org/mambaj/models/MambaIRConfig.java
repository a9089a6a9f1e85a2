package org.mambaj.models;

import static org.mambaj.models.ConfigLimits.*;

/**
 * MambaIR's hyper-parameters, read and range-checked from its config map; the published colour-denoising values
 * when absent. {@code imgRange} scales the image on the way in and divides it on the way out, so it must be a
 * finite positive number (NaN gave all-NaN results).
 */
public record MambaIRConfig(int inChannels, int embedDim, int[] depths, int dState, float mlpRatio, float imgRange) {

	public static MambaIRConfig from(Config c) {
		int[] depths = c.getIntsIn("depths", 0, MAX_DEPTH, 6, 6, 6, 6, 6, 6);
		if (depths.length > 4 * MAX_STAGES) throw new ConfigException("mambair config: 'depths' has " + depths.length +
			" groups, at most " + 4 * MAX_STAGES + " are supported");
		return new MambaIRConfig(c.getInt("in_chans", 3, 1, MAX_CHANNELS), c.getInt("embed_dim", 180, 1, MAX_DIM), depths,
			c.getInt("d_state", 16, 1, MAX_D_STATE), c.getFloat("mlp_ratio", 2f, 0.01f, 64f),
			c.getFloat("img_range", 1f, 1e-6f, 1e6f));
	}
}

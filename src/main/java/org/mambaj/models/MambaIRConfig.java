package org.mambaj.models;

import static org.mambaj.models.ConfigLimits.*;

/**
 * MambaIR's hyper-parameters, read and range-checked from its config map; the shared published defaults
 * (architecture-defaults.json) when absent. {@code imgRange} scales the image on the way in and divides it on the way out, so it must be a
 * finite positive number (NaN gave all-NaN results).
 */
public record MambaIRConfig(int inChannels, int embedDim, int[] depths, int dState, float mlpRatio, float imgRange) {

	public static MambaIRConfig from(Config c) {
		int[] depths = c.getIntsWithin("depths", 0, MAX_DEPTH);
		if (depths.length > 4 * MAX_STAGES) throw new ConfigException("mambair config: 'depths' has " + depths.length +
			" groups, at most " + 4 * MAX_STAGES + " are supported");
		return new MambaIRConfig(c.getIntIn("in_chans", 1, MAX_CHANNELS), c.getIntIn("embed_dim", 1, MAX_DIM), depths,
			c.getIntIn("d_state", 1, MAX_D_STATE), c.getFloatIn("mlp_ratio", 0.01f, 64f),
			c.getFloatIn("img_range", 1e-6f, 1e6f));
	}
}

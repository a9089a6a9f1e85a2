package org.mambaj.models;

import static org.mambaj.models.ConfigLimits.*;

/** MedMamba's hyper-parameters, read and range-checked from its config map; the shared published defaults (architecture-defaults.json) when absent. */
public record MedMambaConfig(int inChannels, int numClasses, int[] depths, int[] dims, int dState, int patchSize) {

	public static MedMambaConfig from(Config c) {
		int[] depths = c.getIntsWithin("depths", 0, MAX_DEPTH);
		int[] dims = c.getIntsWithin("dims", 1, MAX_DIM);
		c.sameLength("depths", depths, "dims", dims);
		if (dims.length > MAX_STAGES) throw new ConfigException("medmamba config: 'dims' has " + dims.length +
			" stages, at most " + MAX_STAGES + " are supported");
		return new MedMambaConfig(c.getIntIn("in_chans", 1, MAX_CHANNELS), c.getIntIn("num_classes", 1, MAX_CLASSES),
			depths, dims, c.getIntIn("d_state", 1, MAX_D_STATE), c.getIntIn("patch_size", 1, MAX_PATCH));
	}
}

package org.mambaj.models;

import static org.mambaj.models.ConfigLimits.*;

/** MedMamba's hyper-parameters, read and range-checked from its config map; MedMamba-T defaults when absent. */
public record MedMambaConfig(int inChannels, int numClasses, int[] depths, int[] dims, int dState, int patchSize) {

	public static MedMambaConfig from(Config c) {
		int[] depths = c.getIntsIn("depths", 0, MAX_DEPTH, 2, 2, 4, 2);
		int[] dims = c.getIntsIn("dims", 1, MAX_DIM, 96, 192, 384, 768);
		c.sameLength("depths", depths, "dims", dims);
		if (dims.length > MAX_STAGES) throw new ConfigException("medmamba config: 'dims' has " + dims.length +
			" stages, at most " + MAX_STAGES + " are supported");
		return new MedMambaConfig(c.getInt("in_chans", 3, 1, MAX_CHANNELS), c.getInt("num_classes", 1000, 1, MAX_CLASSES),
			depths, dims, c.getInt("d_state", 16, 1, MAX_D_STATE), c.getInt("patch_size", 4, 1, MAX_PATCH));
	}
}

package org.mambaj.models;

import static org.mambaj.models.ConfigLimits.*;

/** VM-UNet's hyper-parameters, read and range-checked from its config map; the shared published defaults (architecture-defaults.json) when absent. */
public record VMUNetConfig(int inputChannels, int numClasses, int[] dims, int[] depths, int[] depthsDecoder, int dState) {

	public static VMUNetConfig from(Config c) {
		int[] dims = c.getIntsWithin("dims", 4, MAX_DIM);
		int[] depths = c.getIntsWithin("depths", 0, MAX_DEPTH);
		int[] depthsDecoder = c.getIntsWithin("depths_decoder", 0, MAX_DEPTH);
		c.sameLength("depths", depths, "dims", dims);
		c.sameLength("depths_decoder", depthsDecoder, "dims", dims);
		if (dims.length > MAX_STAGES) throw new ConfigException("vmunet config: 'dims' has " + dims.length +
			" stages, at most " + MAX_STAGES + " are supported");
		if (dims[0] % 4 != 0) throw new ConfigException("vmunet config: 'dims[0]' must be a multiple of 4 (the " +
			"final 4x expansion divides it), got " + dims[0]);
		return new VMUNetConfig(c.getIntIn("input_channels", 1, MAX_CHANNELS), c.getIntIn("num_classes", 1, MAX_CLASSES),
			dims, depths, depthsDecoder, c.getIntIn("d_state", 1, MAX_D_STATE));
	}
}

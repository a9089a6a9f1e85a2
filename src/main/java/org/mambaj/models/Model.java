package org.mambaj.models;

import org.mambaj.core.Tensor;

/**
 * A loaded network. Input and output use PyTorch's layouts (NCHW images, [B, classes] scores) so they
 * match the published code and the golden files; {@link #forward} is thread-safe.
 */
public interface Model {

	Tensor forward(Tensor input);

	/** Channels the input must have (after any repetition the architecture performs itself). */
	int inputChannels();

	/** Spatial sizes must be multiples of this (1 when any size works). */
	int sizeMultiple();

	/** How many times larger than the input a dense output is, per spatial axis (super-resolution: the upscale). */
	default int outputScale() {
		return 1;
	}
}

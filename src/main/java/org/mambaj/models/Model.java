package org.mambaj.models;

import org.mambaj.core.Tensor;

/**
 * A loaded network. Images are channels-last, the layout of every layer inside: {@link #forward} takes
 * [batch, height, width, channels] (NHWC) and gives a dense output as [batch, H', W', C'] (NHWC) or class scores
 * as [batch, classes]. PyTorch's NCHW appears only where files written by PyTorch are compared or read
 * ({@link org.mambaj.core.Layout#fromTorch}, {@link org.mambaj.core.Layout#toTorch}). {@link #forward} is
 * thread-safe and never changes its input.
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

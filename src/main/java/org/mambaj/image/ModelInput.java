package org.mambaj.image;

import java.util.Arrays;

/**
 * The network's input as a view of the image: the channel mapping and the pre-processing steps applied to each
 * value as it is read, so that neither a float copy nor a normalized copy of the whole image is ever made. The
 * tiler reads its tiles from it; the steps that need statistics of the whole input stream over it.
 */
final class ModelInput implements PixelSource {

	/** One value-wise pre-processing step; {@code c} is the value's channel (per-channel statistics use it). */
	interface ValueOp {
		float apply(int c, float v);
	}

	private final Raster image;
	private final Channels.Mapping mapping;
	private final ValueOp[] ops;
	private final int channels;

	ModelInput(Raster image, Channels.Mapping mapping) {
		this(image, mapping, new ValueOp[0]);
	}

	private ModelInput(Raster image, Channels.Mapping mapping, ValueOp[] ops) {
		this.image = image;
		this.mapping = mapping;
		this.ops = ops;
		this.channels = mapping.channels(image.channels());
	}

	/** This input with one more step applied after the others. */
	ModelInput then(ValueOp op) {
		ValueOp[] more = Arrays.copyOf(ops, ops.length + 1);
		more[ops.length] = op;
		return new ModelInput(image, mapping, more);
	}

	@Override public int channels() { return channels; }
	@Override public int height() { return image.height(); }
	@Override public int width() { return image.width(); }

	@Override
	public float get(int c, int y, int x) {
		float v = mapping.value(image, c, y * image.width() + x);
		for (ValueOp op : ops) v = op.apply(c, v);
		return v;
	}
}

package org.mambaj.models;

import org.mambaj.core.Tensor;

/** Input checks shared by the architectures, with messages that say what was expected. */
final class Inputs {

	private Inputs() {}

	/**
	 * @param repeatGrey whether a 1-channel image is accepted by a 3-channel model (the model repeats it)
	 */
	static void checkImage(String model, Tensor x, int channels, int multiple, boolean repeatGrey) {
		if (x.rank() != 4) throw new IllegalArgumentException(
			model + " expects a channels-last image [batch, height, width, channels] (NHWC), got shape " + x.shapeString());
		int c = x.dim(3);
		if (c != channels && !(repeatGrey && c == 1 && channels == 3)) throw new IllegalArgumentException(
			model + " expects " + channels + " input channel(s), got " + c + " (shape " + x.shapeString() + ")");
		if (x.dim(0) == 0 || x.dim(1) == 0 || x.dim(2) == 0) throw new IllegalArgumentException(
			model + " got an empty input, shape " + x.shapeString());
		if (x.dim(1) % multiple != 0 || x.dim(2) % multiple != 0) throw new IllegalArgumentException(
			model + " needs height and width that are multiples of " + multiple + ", got " + x.dim(1) + "x" + x.dim(2));
		float[] d = x.data();
		for (int i = 0; i < d.length; i++)
			if (!Float.isFinite(d[i])) throw new IllegalArgumentException(
				model + " input contains " + d[i] + " at flat index " + i + "; inputs must be finite");
	}
}

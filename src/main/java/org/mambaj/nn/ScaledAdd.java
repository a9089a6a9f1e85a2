package org.mambaj.nn;

import org.mambaj.core.Tensor;

/** {@code y += scale * x}, for the learned scalar skips (skip_scale) of LightM-UNet's blocks. */
final class ScaledAdd {

	private ScaledAdd() {}

	/** @param y a fresh result its caller owns (written in place) */
	static void inPlace(Tensor y, float scale, Tensor x) {
		float[] yd = y.data(), xd = x.data();
		if (yd.length != xd.length) throw new IllegalArgumentException("skip of shape " + x.shapeString() +
			" does not match " + y.shapeString());
		for (int i = 0; i < yd.length; i++) yd[i] += scale * xd[i];
	}
}

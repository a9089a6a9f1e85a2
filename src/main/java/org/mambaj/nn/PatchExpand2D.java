package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * VM-UNet's upsampling by {@code scale}: linear expand (no bias), rearrange channels into a scale x scale
 * block of pixels, LayerNorm (keys expand, norm). PatchExpand2D maps 2*dim -> dim channels at scale 2;
 * Final_PatchExpand2D maps dim -> dim/4 at scale 4.
 */
public final class PatchExpand2D {

	private final Linear expand;
	private final LayerNorm norm;
	private final int scale;

	public PatchExpand2D(StateDict sd, int inChannels, int outChannels, int scale, Engine engine) {
		this.scale = scale;
		expand = new Linear(sd.prefixed("expand."), inChannels, outChannels * scale * scale, false, engine);
		norm = new LayerNorm(sd.prefixed("norm."), outChannels);
	}

	public Tensor apply(Tensor x) {
		return norm.apply(Layout.expandPatches(expand.apply(x), scale));
	}
}

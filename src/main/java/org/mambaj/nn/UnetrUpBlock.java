package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * MONAI's UnetrUpBlock with a residual block (Swin-UMamba's decoders): a 2x2 stride-2 transposed convolution
 * without bias ({@code transp_conv.conv.weight}), the skip concatenated after it on channels, then a
 * {@link UnetResBlock} from 2 * out to out channels ({@code conv_block.*}). NHWC.
 */
public final class UnetrUpBlock {

	private final ConvTranspose2d up;
	private final UnetResBlock block;

	public UnetrUpBlock(StateDict sd, int in, int out, Engine engine) {
		up = new ConvTranspose2d(sd.prefixed("transp_conv.conv."), in, out, 2, false, engine);
		block = new UnetResBlock(sd.prefixed("conv_block."), 2 * out, out, engine);
	}

	public Tensor apply(Tensor x, Tensor skip) {
		Tensor u = up.apply(x);
		if (u.dim(1) != skip.dim(1) || u.dim(2) != skip.dim(2)) throw new IllegalArgumentException(
			"UNETR up block: upsampled " + u.shapeString() + " does not match the skip " + skip.shapeString());
		return block.apply(Layout.concatLast(u, skip));
	}
}

package org.mambaj.nn;

import org.mambaj.core.DenseOp;
import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Shapes;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * PyTorch's nn.ConvTranspose2d with kernel == stride and no padding (the U-Net upsampling): each input
 * pixel becomes a k x k block, so it is one linear map per pixel followed by a patch rearrangement.
 */
public final class ConvTranspose2d {

	private final DenseOp op;
	private final int k;

	/** weight [in, out, k, k] as in PyTorch. */
	public ConvTranspose2d(StateDict sd, int in, int out, int k, boolean bias, Engine engine) {
		this.k = k;
		float[] w = sd.take("weight", in, out, k, k).data();
		// rows ordered (i, j, o) so that Layout.expandPatches puts block pixel (i, j) at row-major offset
		float[] m = new float[k * k * out * in];
		for (int c = 0; c < in; c++)
			for (int o = 0; o < out; o++)
				for (int i = 0; i < k; i++)
					for (int j = 0; j < k; j++) m[(((i * k + j) * out + o) * in) + c] = w[((c * out + o) * k + i) * k + j];
		float[] b = null;
		if (bias) {
			float[] b0 = sd.take("bias", out).data();
			b = new float[k * k * out];
			for (int p = 0; p < k * k; p++) System.arraycopy(b0, 0, b, p * out, out);
		}
		op = engine.linear(new Tensor(m, k * k * out, in), b == null ? null : new Tensor(b, k * k * out));
	}

	public Tensor apply(Tensor x) {
		Shapes.requireRank("transposed convolution input", x, 4);
		return Layout.expandPatches(op.apply(x), k);
	}
}

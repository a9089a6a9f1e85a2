package org.mambaj.nn;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * MedMamba's SS-Conv-SSM block: channels split in half; the right half goes through LayerNorm + SS2D, the
 * left half through a BN-conv3x3-BN-ReLU-conv3x3-BN-ReLU-conv1x1-ReLU branch; the halves are concatenated
 * (left first), channel-shuffled in 2 groups and added to the input. NHWC.
 */
public final class SSConvSSMBlock {

	private final int half;
	private final LayerNorm norm;
	private final SS2D ss2d;
	private final BatchNorm2d bn0, bn2, bn5;
	private final Conv2d conv1, conv4, conv7;

	public SSConvSSMBlock(StateDict sd, int dim, int dState, Engine engine) {
		half = dim / 2;
		norm = new LayerNorm(sd.prefixed("ln_1."), half);
		ss2d = new SS2D(sd.prefixed("self_attention."), half, dState, 3, 2f, engine);
		StateDict branch = sd.prefixed("conv33conv33conv11.");
		bn0 = new BatchNorm2d(branch.prefixed("0."), half);
		conv1 = Conv2d.same(branch.prefixed("1."), half, half, 3, engine);
		bn2 = new BatchNorm2d(branch.prefixed("2."), half);
		conv4 = Conv2d.same(branch.prefixed("4."), half, half, 3, engine);
		bn5 = new BatchNorm2d(branch.prefixed("5."), half);
		conv7 = Conv2d.same(branch.prefixed("7."), half, half, 1, engine);
	}

	public Tensor apply(Tensor x) {
		Tensor left = Layout.sliceLast(x, 0, half), right = Layout.sliceLast(x, half, half);
		Tensor attended = ss2d.apply(norm.apply(right));
		Tensor c = Activations.relu(bn2.apply(conv1.apply(bn0.apply(left))));
		c = Activations.relu(bn5.apply(conv4.apply(c)));
		c = Activations.relu(conv7.apply(c));
		return Layout.add(x, Layout.channelShuffle(Layout.concatLast(c, attended), 2));
	}
}

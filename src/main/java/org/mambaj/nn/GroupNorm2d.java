package org.mambaj.nn;

import org.mambaj.core.GroupNorm;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/** PyTorch's nn.GroupNorm with affine weights (keys weight, bias; eps 1e-5) on an NHWC map. */
public final class GroupNorm2d {

	private static final float EPS = 1e-5f;

	private final int groups;
	private final float[] weight, bias;

	public GroupNorm2d(StateDict sd, int groups, int channels) {
		if (groups < 1 || channels % groups != 0) throw new IllegalArgumentException("GroupNorm " + sd.prefix() +
			": " + channels + " channels cannot be split into " + groups + " groups");
		this.groups = groups;
		weight = sd.take("weight", channels).data();
		bias = sd.take("bias", channels).data();
	}

	public Tensor apply(Tensor x) {
		return GroupNorm.apply(x, groups, weight, bias, EPS);
	}
}

package org.mambaj.nn;

import org.mambaj.core.Activations;
import org.mambaj.core.CausalConv1d;
import org.mambaj.core.CrossScan;
import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Shapes;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * mamba_ssm's {@code Mamba} block (v1), as used by U-Mamba: keys in_proj, conv1d, x_proj, dt_proj, A_log,
 * D, out_proj. Input and output [B, L, d_model].
 */
public final class MambaBlock {

	private final int dModel, inner;
	private final Linear inProj, outProj;
	private final Tensor convWeight, convBias;
	private final SelectiveSsm ssm;

	public MambaBlock(StateDict sd, int dModel, int dState, int dConv, int expand, Engine engine) {
		this.dModel = dModel;
		inner = expand * dModel;
		int rank = (dModel + 15) / 16;
		inProj = new Linear(sd.prefixed("in_proj."), dModel, 2 * inner, false, engine);
		convWeight = sd.take("conv1d.weight", inner, 1, dConv);
		convBias = sd.take("conv1d.bias", inner);
		ssm = new SelectiveSsm(1, inner, rank, dState, sd.take("x_proj.weight", rank + 2 * dState, inner),
			sd.take("dt_proj.weight", inner, rank).reshape(1, inner, rank), sd.take("dt_proj.bias", inner),
			sd.take("A_log", inner, dState), sd.take("D", inner), engine);
		outProj = new Linear(sd.prefixed("out_proj."), inner, dModel, false, engine);
	}

	public Tensor apply(Tensor x) {
		Shapes.requireRank("Mamba input [B, L, d_model]", x, 3);
		if (x.dim(2) != dModel) throw new IllegalArgumentException(
			"Mamba block expects " + dModel + " channels, got shape " + x.shapeString());
		Tensor xz = inProj.apply(x);
		Tensor u = Activations.silu(CausalConv1d.apply(Layout.sliceLast(xz, 0, inner), convWeight, convBias));
		Tensor y = ssm.scan(u, new int[][] { CrossScan.identity(x.dim(1)) });
		return outProj.apply(Layout.mulSilu(y, Layout.sliceLast(xz, inner, inner)));
	}
}

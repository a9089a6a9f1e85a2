package org.mambaj.nn;

import org.mambaj.core.Activations;
import org.mambaj.core.CrossScan;
import org.mambaj.core.Engine;
import org.mambaj.core.Shapes;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * VMamba's (v0) 2D selective scan module, as in VM-UNet, MedMamba and MambaIR: in_proj, depthwise conv2d +
 * SiLU, a four-direction cross-scan with per-direction parameters (x_proj_weight, dt_projs_weight,
 * dt_projs_bias, A_logs, Ds), cross-merge, out_norm, SiLU gate and out_proj. Input and output [B, H, W, C].
 */
public final class SS2D {

	private static final int DIRECTIONS = 4;

	private final int dModel, inner;
	/** in_proj's two halves: the scanned branch and the gate (no copies of a joint output's halves). */
	private final Linear inProjX, inProjZ, outProj;
	private final Conv2d conv;
	private final LayerNorm outNorm;
	private final SelectiveSsm ssm;

	public SS2D(StateDict sd, int dModel, int dState, int dConv, float expand, Engine engine) {
		this.dModel = dModel;
		inner = (int) (expand * dModel);
		int rank = (dModel + 15) / 16;
		float[] inW = sd.take("in_proj.weight", 2 * inner, dModel).data();
		int half = inner * dModel;
		inProjX = new Linear(new Tensor(java.util.Arrays.copyOfRange(inW, 0, half), inner, dModel), null, engine);
		inProjZ = new Linear(new Tensor(java.util.Arrays.copyOfRange(inW, half, 2 * half), inner, dModel), null, engine);
		conv = new Conv2d(sd.prefixed("conv2d."), inner, inner, dConv, 1, (dConv - 1) / 2, inner, true, engine);
		ssm = new SelectiveSsm(DIRECTIONS, inner, rank, dState,
			sd.take("x_proj_weight", DIRECTIONS, rank + 2 * dState, inner),
			sd.take("dt_projs_weight", DIRECTIONS, inner, rank), sd.take("dt_projs_bias", DIRECTIONS, inner),
			sd.take("A_logs", DIRECTIONS * inner, dState), sd.take("Ds", DIRECTIONS * inner), engine);
		outNorm = new LayerNorm(sd.prefixed("out_norm."), inner);
		outProj = new Linear(sd.prefixed("out_proj."), inner, dModel, false, engine);
	}

	public Tensor apply(Tensor x) {
		Shapes.requireRank("SS2D input [B, H, W, C]", x, 4);
		if (x.dim(3) != dModel) throw new IllegalArgumentException(
			"SS2D expects " + dModel + " channels, got shape " + x.shapeString());
		int b = x.dim(0), h = x.dim(1), w = x.dim(2);
		Tensor u = Activations.siluInPlace(conv.apply(inProjX.apply(x))); // the convolution's output is new
		Tensor y = ssm.scan(u.reshape(b, h * w, inner), CrossScan.fourWay(h, w)).reshape(b, h, w, inner);
		return outProj.apply(outNorm.applyGated(y, inProjZ.apply(x)));
	}
}

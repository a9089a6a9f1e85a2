package org.mambaj.nn;

import org.mambaj.core.DenseOp;
import org.mambaj.core.Engine;
import org.mambaj.core.SelectiveScan;
import org.mambaj.core.Tensor;

/**
 * The input-dependent state space shared by Mamba and SS2D: the x projection to (dt, B, C) for each of K
 * scan directions, the dt projection, and the scan itself. Takes the PyTorch parameters with the
 * directions stacked (K = 1 for Mamba).
 */
final class SelectiveSsm {

	final int directions, channels, dtRank, states;
	private final DenseOp xProj;
	private final DenseOp[] dtProj;
	private final float[] a, deltaBias, dSkip;

	/**
	 * @param xProjWeight [K*(R+2N), D]: per direction the rows dt (R), B (N), C (N)
	 * @param dtWeight [K, D, R]
	 * @param dtBias [K*D]
	 * @param aLog [K*D, N]
	 * @param d [K*D]
	 */
	SelectiveSsm(int directions, int channels, int dtRank, int states, Tensor xProjWeight, Tensor dtWeight,
		Tensor dtBias, Tensor aLog, Tensor d, Engine engine)
	{
		this.directions = directions; this.channels = channels; this.dtRank = dtRank; this.states = states;
		xProj = engine.linear(xProjWeight.reshape(directions * (dtRank + 2 * states), channels), null);
		dtProj = new DenseOp[directions];
		float[] dtw = dtWeight.data();
		for (int k = 0; k < directions; k++) {
			float[] wk = java.util.Arrays.copyOfRange(dtw, k * channels * dtRank, (k + 1) * channels * dtRank);
			dtProj[k] = engine.linear(new Tensor(wk, channels, dtRank), null);
		}
		// A = -exp(A_log), stored [K][N][D] so the scan reads channels contiguously
		float[] al = aLog.data();
		a = new float[al.length];
		for (int k = 0; k < directions; k++)
			for (int c = 0; c < channels; c++)
				for (int n = 0; n < states; n++)
					a[(k * states + n) * channels + c] = (float) -Math.exp(al[(k * channels + c) * states + n]);
		deltaBias = dtBias.data();
		dSkip = d.data();
	}

	/**
	 * The dt buffer of the calling thread, reused from scan to scan: the largest array of a scan (K x L x D floats),
	 * which would otherwise be allocated, zeroed by this one thread, and dropped in every block (zeroing is serial:
	 * BENCHMARKS.md, "Two threads"). Every value is overwritten by the dt projections before the scan reads it. Held
	 * softly, so a tight heap can take it back; a thread that re-enters a scan (fork-join work stealing while it
	 * waits) finds it busy and allocates.
	 */
	private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

	private static final class Scratch {
		private java.lang.ref.SoftReference<float[]> kept = new java.lang.ref.SoftReference<>(null);
		private boolean busy;

		float[] take(int size) {
			float[] b = kept.get();
			if (busy || b == null || b.length < size) {
				if (busy) return new float[size];
				b = new float[size];
				kept = new java.lang.ref.SoftReference<>(b);
			}
			busy = true;
			return b;
		}

		void give(float[] b) {
			if (b == kept.get()) busy = false;
		}
	}

	/**
	 * Scans u [B, L, D] (positions in storage order) along each direction's order and returns the sum
	 * over directions, [B, L, D].
	 */
	Tensor scan(Tensor u, int[][] order) {
		int batch = u.dim(0), length = u.dim(1);
		int row = dtRank + 2 * states;
		Tensor xdbl = xProj.apply(u);
		int rows = batch * length;
		Scratch scratch = SCRATCH.get();
		float[] dt = scratch.take(directions * rows * channels);
		try {
			int[] bOff = new int[directions], cOff = new int[directions];
			for (int k = 0; k < directions; k++) {
				// direction k's dt columns of xdbl, projected straight into its part of dt
				dtProj[k].applyRows(xdbl.data(), k * row, directions * row, rows, dtRank, dt, k * rows * channels);
				bOff[k] = k * row + dtRank;
				cOff[k] = bOff[k] + states;
			}
			float[] y = new float[batch * length * channels];
			SelectiveScan.run(new SelectiveScan.Problem(batch, length, channels, states, u.data(), false, dt, a,
				deltaBias, dSkip, xdbl.data(), directions * row, bOff, cOff, order, y));
			return new Tensor(y, batch, length, channels);
		}
		finally {
			scratch.give(dt); // also after a failure: the buffer must not stay marked busy
		}
	}
}

package org.mambaj.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The selective scan on a group of channels, V channels per vector and one vector per state.
 *
 * Positions are the outer loop and all channel blocks of the group the inner one: SS2D's column-order directions
 * jump W * D floats from one position to the next, and reading a whole row of the group per position (instead of
 * one cache line) lets the prefetchers keep up. The states of the group (group * N floats) stay in L1.
 *
 * A last, partial block is shifted back to end at the group's end (see {@link Direction#blockStart}) and stores
 * its new lanes through a small buffer: on JDK 17 a masked store that is not all-true runs lane by lane in Java.
 */
final class VectorScan {

	private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
	private static final int V = S.length();

	/*
	 * exp(delta A) = 2^(delta A log2 e) by VectorMath.exp2, with A log2 e stored once per direction: 13 vector
	 * operations a state update instead of the 16 of a natural-base exp with a Cody-Waite split. exp2 is small enough
	 * for C2 to inline into the step (PrintInlining: "inline (hot)"), so its vectors stay in registers.
	 */

	private VectorScan() {}

	static void direction(SelectiveScan.Problem p, int b, int k, int d0, int d1, float[] y) {
		int blocks = (d1 - d0 + V - 1) / V, n = p.states;
		float[] h = new float[blocks * n * V], a = new float[blocks * n * V];
		// this direction's A log2 e, block by block and state by state: contiguous, one vector each
		for (int j = 0; j < blocks; j++)
			for (int s = 0; s < n; s++) {
				int d = Direction.blockStart(d0, d1, j), lanes = Math.min(V, d1 - d);
				for (int i = 0, from = (k * n + s) * p.channels + d, to = (j * n + s) * V; i < lanes; i++)
					a[to + i] = p.a[from + i] * VectorMath.LOG2E;
			}
		new Direction(p, b, k, d0, d1, y).run(h, a);
	}

	/** One direction's walk over all positions for channels [d0, d1). */
	private static final class Direction {
		private final SelectiveScan.Problem p;
		private final int k, d0, d1, dtBase, uBase, yBase, bcBase;
		private final float[] y, out = new float[V];

		Direction(SelectiveScan.Problem p, int b, int k, int d0, int d1, float[] y) {
			this.p = p; this.k = k; this.d0 = d0; this.d1 = d1; this.y = y;
			int plane = p.length * p.channels;
			dtBase = (k * p.batch + b) * plane;
			uBase = ((p.uPerDirection ? k * p.batch : 0) + b) * plane;
			yBase = b * plane;
			bcBase = b * p.length * p.bcStride;
		}

		/**
		 * First channel of block j. A last, partial block is shifted back to end at d1: a full vector that recomputes
		 * a few channels before it (of this group or the one before, with states of its own) and stores only its new
		 * lanes. So every channel goes through the same vector arithmetic wherever the group boundaries fall (they
		 * depend on the thread count): the output does not depend on the threads. Only a model with fewer than V
		 * channels in all takes {@link #partialStep}.
		 */
		static int blockStart(int d0, int d1, int j) {
			int d = d0 + j * V;
			return d + V > d1 && d1 >= V ? d1 - V : d;
		}

		void run(float[] h, float[] a) {
			int[] order = p.order[k];
			int full = (d1 - d0) / V, dim = p.channels, rest = d1 - d0 - full * V;
			// delta of channels [from, d1): from d0, or from d1 - V for a group narrower than a vector (its shifted block)
			int from = Math.max(0, Math.min(d0, d1 - V));
			float[] delta = new float[d1 - from];
			double[] sums = new double[d1 - from];
			for (int l = 0; l < order.length; l++) {
				int pos = order[l], row = bcBase + pos * p.bcStride;
				softplusRow(pos * dim, from, sums, delta);
				for (int j = 0; j < full; j++)
					step(pos * dim + d0 + j * V, row, h, a, j * p.states * V, delta, d0 - from + j * V, 0);
				if (rest > 0) {
					if (d1 >= V) step(pos * dim + d1 - V, row, h, a, full * p.states * V, delta, d1 - V - from, V - rest);
					else partialStep(pos * dim + d0, row, h, a, 0, delta);
				}
			}
		}

		/**
		 * delta = softplus(dt + delta_bias) for channels [from, d1) at one position, before its steps, so that the step
		 * stays small (measured faster: BENCHMARKS.md session 14). In double through {@link ScalarMath#softplus}, the
		 * scalar kernels' own, which C2 vectorizes: the Vector API softplus was too large for C2 to inline into this
		 * loop, and its boxed vectors were two thirds of all a VM-UNet inference allocated (session 15).
		 */
		private void softplusRow(int t, int from, double[] sums, float[] delta) {
			int w = d1 - from, dt = dtBase + t + from, bias = k * p.channels + from;
			for (int i = 0; i < w; i++) sums[i] = (double) p.dt[dt + i] + p.deltaBias[bias + i];
			ScalarMath.softplus(sums, w);
			for (int i = 0; i < w; i++) delta[i] = (float) sums[i];
		}

		/**
		 * V channels at one position; {@code c} is the offset of the first channel in a [L][D] plane. One flat
		 * method with no branch on vector values: when C2 cannot prove a vector's exact class (a vector passed
		 * through a call it did not inline, or merged at a branch), JDK 17 falls back to lane-by-lane Java code.
		 * y was zeroed by the caller, so every direction adds.
		 */
		private void step(int c, int row, float[] h, float[] a, int hOff, float[] deltaRow, int dOff, int keep) {
			int ch = c % p.channels, states = p.states;
			float[] bc = p.bc;
			int bo = row + p.bOffset[k], co = row + p.cOffset[k];
			FloatVector delta = FloatVector.fromArray(S, deltaRow, dOff);
			FloatVector uv = FloatVector.fromArray(S, p.u, uBase + c);
			FloatVector du = delta.mul(uv), acc = FloatVector.zero(S);
			for (int n = 0, o = hOff; n < states; n++, o += V) {
				// exp(delta * A) = 2^x: exp2 is small enough for C2 to inline, so no vector crosses a call
				FloatVector e = VectorMath.exp2(delta.mul(FloatVector.fromArray(S, a, o)));
				FloatVector hn = e.fma(FloatVector.fromArray(S, h, o), du.mul(bc[bo + n]));
				hn.intoArray(h, o);
				acc = hn.fma(FloatVector.broadcast(S, bc[co + n]), acc);
			}
			FloatVector sum = FloatVector.fromArray(S, p.dSkip, k * p.channels + ch).fma(uv, acc)
				.add(FloatVector.fromArray(S, y, yBase + c));
			if (keep == 0) sum.intoArray(y, yBase + c);
			else {
				// a shifted last block: lanes below keep belong to the block before
				sum.intoArray(out, 0);
				System.arraycopy(out, keep, y, yBase + c + keep, V - keep);
			}
		}

		/** A model with fewer than V channels (tiny models only: kept simple, not fast; one group whatever the threads). */
		private void partialStep(int c, int row, float[] h, float[] a, int hOff, float[] deltaRow) {
			int ch = c % p.channels, lanes = d1 - ch, states = p.states;
			float[] bc = p.bc, in = new float[V];
			int bo = row + p.bOffset[k], co = row + p.cOffset[k];
			System.arraycopy(deltaRow, 0, in, 0, lanes); // the row starts at this block's first channel (d0 = 0)
			FloatVector delta = FloatVector.fromArray(S, in, 0);
			System.arraycopy(p.u, uBase + c, in, 0, lanes);
			FloatVector uv = FloatVector.fromArray(S, in, 0);
			FloatVector du = delta.mul(uv), acc = FloatVector.zero(S);
			for (int n = 0, o = hOff; n < states; n++, o += V) {
				FloatVector hn = VectorMath.exp2(delta.mul(FloatVector.fromArray(S, a, o)))
					.fma(FloatVector.fromArray(S, h, o), du.mul(bc[bo + n]));
				hn.intoArray(h, o);
				acc = hn.fma(FloatVector.broadcast(S, bc[co + n]), acc);
			}
			System.arraycopy(p.dSkip, k * p.channels + ch, in, 0, lanes);
			FloatVector.fromArray(S, in, 0).fma(uv, acc).intoArray(out, 0);
			for (int i = 0; i < lanes; i++) y[yBase + c + i] += out[i];
		}
	}
}

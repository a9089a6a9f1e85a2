package org.mambaj.core;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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
	 * exp(x) for x <= 88 as 2^n e^r (Cody-Waite split of ln 2, Cephes' degree-6 polynomial): within 1 ulp of
	 * Math.exp, about 7 cycles per 16 lanes here against 12 for JDK 17's SVML call, which also takes a slow path
	 * (over 100 ns per vector) for arguments that underflow, as delta * A does for large delta. Below -87.3 it
	 * returns 1.2e-38 instead of a denormal or 0: only ever multiplied into a state.
	 */
	private static final float LOG2E = 1.44269504088896341f, ROUND = 12582912f; // 1.5 * 2^23: rounds to integer
	private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f, EXP_LO = -87.33654f;
	private static final float E6 = 1.9875691500e-4f, E5 = 1.3981999507e-3f, E4 = 8.3334519073e-3f,
		E3 = 4.1665795894e-2f, E2 = 1.6666665459e-1f, E1 = 5.0000001201e-1f;

	private VectorScan() {}

	static void direction(SelectiveScan.Problem p, int b, int k, int d0, int d1, float[] y) {
		int blocks = (d1 - d0 + V - 1) / V, n = p.states;
		float[] h = new float[blocks * n * V], a = new float[blocks * n * V];
		// this direction's A, block by block and state by state: contiguous, one vector each
		for (int j = 0; j < blocks; j++)
			for (int s = 0; s < n; s++) {
				int d = Direction.blockStart(d0, d1, j), lanes = Math.min(V, d1 - d);
				System.arraycopy(p.a, (k * n + s) * p.channels + d, a, (j * n + s) * V, lanes);
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
			for (int l = 0; l < order.length; l++) {
				int pos = order[l], row = bcBase + pos * p.bcStride;
				for (int j = 0; j < full; j++) step(pos * dim + d0 + j * V, row, h, a, j * p.states * V, 0);
				if (rest > 0) {
					if (d1 >= V) step(pos * dim + d1 - V, row, h, a, full * p.states * V, V - rest);
					else partialStep(pos * dim + d0, row, h, a, 0);
				}
			}
		}

		/**
		 * V channels at one position; {@code c} is the offset of the first channel in a [L][D] plane. One flat
		 * method with no branch on vector values: when C2 cannot prove a vector's exact class (a vector passed
		 * through a call it did not inline, or merged at a branch), JDK 17 falls back to lane-by-lane Java code.
		 * y was zeroed by the caller, so every direction adds.
		 */
		private void step(int c, int row, float[] h, float[] a, int hOff, int keep) {
			int ch = c % p.channels, states = p.states;
			float[] bc = p.bc;
			int bo = row + p.bOffset[k], co = row + p.cOffset[k];
			FloatVector raw = FloatVector.fromArray(S, p.dt, dtBase + c).add(FloatVector.fromArray(S, p.deltaBias, k * p.channels + ch));
			FloatVector delta = VectorMath.softplus(raw);
			FloatVector uv = FloatVector.fromArray(S, p.u, uBase + c);
			FloatVector du = delta.mul(uv), acc = FloatVector.zero(S);
			for (int n = 0, o = hOff; n < states; n++, o += V) {
				// exp(delta * A), written out here (see the class comment on calls); delta * A <= 0
				FloatVector x = delta.mul(FloatVector.fromArray(S, a, o));
				x = x.max(EXP_LO); // the same as a compare and blend (NaN stays NaN), one instruction
				FloatVector t = x.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND));
				FloatVector m = t.sub(ROUND);
				FloatVector r = m.fma(FloatVector.broadcast(S, -LN2_HI), x);
				r = m.fma(FloatVector.broadcast(S, -LN2_LO), r);
				FloatVector e = r.fma(FloatVector.broadcast(S, E6), FloatVector.broadcast(S, E5));
				e = e.fma(r, FloatVector.broadcast(S, E4));
				e = e.fma(r, FloatVector.broadcast(S, E3));
				e = e.fma(r, FloatVector.broadcast(S, E2));
				e = e.fma(r, FloatVector.broadcast(S, E1));
				e = e.fma(r.mul(r), r).add(1f);
				// times 2^n: n (in t's low bits) shifted into the exponent field and added to e's bits
				e = VectorMath.floats(VectorMath.bits(e).add(VectorMath.bits(t).lanewise(VectorOperators.LSHL, 23)));
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
		private void partialStep(int c, int row, float[] h, float[] a, int hOff) {
			int ch = c % p.channels, lanes = d1 - ch, states = p.states;
			float[] bc = p.bc, in = new float[V];
			int bo = row + p.bOffset[k], co = row + p.cOffset[k];
			System.arraycopy(p.dt, dtBase + c, in, 0, lanes);
			FloatVector raw = FloatVector.fromArray(S, in, 0);
			Arrays.fill(in, 0f);
			System.arraycopy(p.deltaBias, k * p.channels + ch, in, 0, lanes);
			raw = raw.add(FloatVector.fromArray(S, in, 0));
			FloatVector delta = VectorMath.softplus(raw);
			System.arraycopy(p.u, uBase + c, in, 0, lanes);
			FloatVector uv = FloatVector.fromArray(S, in, 0);
			FloatVector du = delta.mul(uv), acc = FloatVector.zero(S);
			for (int n = 0, o = hOff; n < states; n++, o += V) {
				FloatVector hn = VectorMath.exp(delta.mul(FloatVector.fromArray(S, a, o)))
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

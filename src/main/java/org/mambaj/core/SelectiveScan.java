package org.mambaj.core;

import java.lang.ref.SoftReference;

/**
 * The selective scan (S6) of Mamba, fp32, with the semantics of mamba_ssm's {@code selective_scan_ref}:
 *
 * <pre>
 * delta = softplus(dt + delta_bias)          (PyTorch softplus, threshold 20)
 * h     = exp(delta * A) * h + delta * B * u  (A = -exp(A_log), per channel d and state n)
 * y     = sum_n C[n] * h[n] + D * u
 * </pre>
 *
 * One call runs K scan directions over the same L positions and adds their outputs at each position.
 * Direction k visits the positions in {@code order[k]}: identity for Mamba, identity and reversed for
 * bidirectional (Vim) scans, and VMamba's four cross-scan orders for SS2D (see {@link CrossScan}),
 * so SS2D's cross-merge is the sum at each position and no token copies are made.
 *
 * Layouts (all row-major, positions in the image's own order):
 * u [K or 1][batch*L][D], dt [K][batch*L][D] (the array may be longer), a [K][N][D] (= -exp(A_log), transposed),
 * deltaBias [K][D], dSkip [K][D], B and C inside {@code bc}: row (batch*L + pos) of width bcStride,
 * direction k's B at column bOffset[k] .. +N and C at cOffset[k] .. +N. y [batch*L][D] is overwritten
 * (zeroed, then every direction adds into it).
 */
public final class SelectiveScan {

	/** The inputs and output of one scan call. Arrays are read-only except {@code y}. */
	public static final class Problem {
		public final int batch, length, channels, states, directions;
		public final float[] u;
		public final boolean uPerDirection;
		public final float[] dt, a, deltaBias, dSkip, bc;
		public final int bcStride;
		public final int[] bOffset, cOffset;
		public final int[][] order;
		public final float[] y;

		public Problem(int batch, int length, int channels, int states, float[] u, boolean uPerDirection,
			float[] dt, float[] a, float[] deltaBias, float[] dSkip, float[] bc, int bcStride, int[] bOffset,
			int[] cOffset, int[][] order, float[] y)
		{
			this.batch = batch; this.length = length; this.channels = channels; this.states = states;
			this.directions = order.length;
			this.u = u; this.uPerDirection = uPerDirection; this.dt = dt; this.a = a;
			this.deltaBias = deltaBias; this.dSkip = dSkip; this.bc = bc; this.bcStride = bcStride;
			this.bOffset = bOffset; this.cOffset = cOffset; this.order = order; this.y = y;
			long bl = (long) batch * length;
			check("u", u.length, (uPerDirection ? directions : 1) * bl * channels);
			// dt may be a longer, reused buffer: only its first K x B x L x D values are read
			if (dt.length < directions * bl * channels) check("dt", dt.length, directions * bl * channels);
			check("A", a.length, (long) directions * states * channels);
			check("delta_bias", deltaBias.length, (long) directions * channels);
			check("D", dSkip.length, (long) directions * channels);
			check("B/C", bc.length, bl * bcStride);
			check("y", y.length, bl * channels);
			for (int k = 0; k < directions; k++) {
				if (order[k].length != length) throw new IllegalArgumentException(
					"scan order " + k + " has " + order[k].length + " positions, expected " + length);
				if (bOffset[k] + states > bcStride || cOffset[k] + states > bcStride)
					throw new IllegalArgumentException("B/C columns of direction " + k + " exceed the row width " + bcStride);
			}
		}

		private static void check(String what, long actual, long expected) {
			if (actual != expected) throw new IllegalArgumentException(
				"selective scan: " + what + " has " + actual + " values, expected " + expected);
		}
	}

	private SelectiveScan() {}

	/** Runs the scan with the best kernels, threaded over batch items, channel groups and (see below) directions. */
	public static void run(Problem p) {
		run(p, Kernels.best());
	}

	/**
	 * On one thread, or with one direction, every task walks the directions of its channel group in order and adds
	 * each into y. With more threads the directions run as tasks of their own (a direction per thread keeps the
	 * channel groups wide: a narrow group costs 15-25% more per channel), each into its own zeroed copy of y, and a
	 * last pass adds the copies to y in direction order: the same additions in the same order, so the output does
	 * not depend on the thread count.
	 */
	public static void run(Problem p, Kernels kernels) {
		int threads = Parallel.threads(), k = p.directions;
		boolean byDirection = threads > 1 && k > 1;
		int width = groupWidth(p.channels, byDirection ? (threads + k - 1) / k : threads);
		int groups = (p.channels + width - 1) / width;
		// kernels add every direction's output into y
		Parallel.range(p.y.length, 1 << 16, (from, to) -> java.util.Arrays.fill(p.y, from, to, 0f));
		if (!byDirection) {
			Parallel.range(p.batch * groups, 1, (from, to) -> {
				for (int t = from; t < to; t++) {
					int b = t / groups, d0 = (t % groups) * width, d1 = Math.min(p.channels, d0 + width);
					for (int dir = 0; dir < k; dir++) kernels.scanDirection(p, b, dir, d0, d1, p.y);
				}
			});
			return;
		}
		// direction 0 into y itself, direction j > 0 into parts[j - 1] (zeroed)
		float[][] parts = takeZeroedParts(k - 1, p.y.length);
		Parallel.range(p.batch * groups * k, 1, (from, to) -> {
			for (int t = from; t < to; t++) {
				int dir = t % k, group = t / k % groups, b = t / k / groups;
				int d0 = group * width, d1 = Math.min(p.channels, d0 + width);
				kernels.scanDirection(p, b, dir, d0, d1, dir == 0 ? p.y : parts[dir - 1]);
			}
		});
		Parallel.elements(p.y.length, (from, to) -> {
			for (int i = from; i < to; i++) {
				float sum = p.y[i];
				for (int j = 0; j < k - 1; j++) {
					sum += parts[j][i];
					parts[j][i] = 0f; // zeroed again for the next scan
				}
				p.y[i] = sum;
			}
		});
		ZEROED_PARTS.set(new SoftReference<>(parts)); // only after success: a failed scan leaves them unzeroed
	}

	/**
	 * The calling thread's copies of y for the directions, reused from scan to scan and kept zeroed (the pass that
	 * adds them up zeroes them): new arrays would be zeroed by this one thread in every SS2D block, serial time that
	 * two threads cannot share (BENCHMARKS.md, "Two threads"). Held softly, so a tight heap can take them back;
	 * taken out while in use, so a scan that re-enters on the same thread allocates its own.
	 */
	private static final ThreadLocal<SoftReference<float[][]>> ZEROED_PARTS = ThreadLocal.withInitial(() -> new SoftReference<>(null));

	/** At least {@code count} zeroed arrays of at least {@code length} floats. */
	private static float[][] takeZeroedParts(int count, int length) {
		float[][] kept = ZEROED_PARTS.get().get();
		ZEROED_PARTS.set(new SoftReference<>(null));
		if (kept != null && kept.length >= count && kept[0].length >= length) return kept;
		float[][] parts = new float[count][];
		for (int j = 0; j < count; j++) parts[j] = new float[length];
		return parts;
	}

	/**
	 * Channels per task: a multiple of 16 (whole vectors), an equal share per thread (two cores, three tasks
	 * would leave one core idle a third of the time), and at most 256 channels so a group's states
	 * (width * N floats) stay in L1.
	 */
	static int groupWidth(int channels, int threads) {
		int perThread = (channels + threads - 1) / threads;
		int groups = threads * ((perThread + 255) / 256);
		int width = (channels + groups - 1) / groups;
		return (width + 15) / 16 * 16;
	}

	/** PyTorch's softplus with beta 1 and threshold 20. */
	public static float softplus(float x) {
		return x > 20f ? x : (float) Math.log1p(Math.exp(x));
	}
}

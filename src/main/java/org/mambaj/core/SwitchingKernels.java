package org.mambaj.core;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The kernels a fresh JVM runs by default when the vector module is there: the scalar kernels first, the vector
 * kernels once they are faster. Why: until C2 has compiled them, the jdk.incubator.vector kernels run lane by lane
 * (FloatVector's fallback templates), so the first tiles of the first inference took 1.7-1.9 s against 0.6-0.8 s
 * with the plain loops, which C1 and C2 compile quickly (BENCHMARKS.md, "Cold start"). On the first kernel call a
 * background thread starts timing a {@link KernelWorkout} with both sets, which also gets the vector kernels
 * compiled, and switches every later call to the vector kernels once they have won {@code winsNeeded} rounds in a
 * row. If they never win within {@code budgetNanos} (a JVM without C2, say), the scalar kernels stay.
 *
 * Weights packed for {@link #matmulRows} before the switch are in the scalar layout, which must be the input
 * itself (the scalar kernels do not repack); they are repacked for the vector kernels on their first use after the
 * switch and held beside the originals (weakly: they go with the model), so a model costs one more copy of its
 * dense weights here than with the vector kernels alone.
 */
final class SwitchingKernels implements Kernels {

	private final Kernels first, fast;
	private final int winsNeeded;
	private final long budgetNanos;
	private final AtomicBoolean started = new AtomicBoolean();
	private volatile Kernels current;
	/** Dimensions, and once the switch happened the fast layout, of every B packed here; arrays hash by identity. */
	private final Map<float[], Packed> packed = Collections.synchronizedMap(new WeakHashMap<>());

	private static final class Packed {
		final int k, n;
		float[] fast; // guarded by this

		Packed(int k, int n) {
			this.k = k;
			this.n = n;
		}
	}

	SwitchingKernels(Kernels first, Kernels fast, int winsNeeded, long budgetNanos) {
		this.first = first;
		this.fast = fast;
		this.winsNeeded = winsNeeded;
		this.budgetNanos = budgetNanos;
		this.current = first;
	}

	/** The kernels every call runs right now. */
	Kernels current() {
		Kernels k = current;
		if (k == first && !started.get() && started.compareAndSet(false, true)) startWarmUp();
		return k;
	}

	boolean switched() {
		return current == fast;
	}

	private void startWarmUp() {
		Thread t = new Thread(this::warmUp, "mambaj-kernel-warm-up");
		t.setDaemon(true);
		t.setPriority(Thread.MIN_PRIORITY);
		t.start();
	}

	/**
	 * Times the workout with the fast and the first kernels in turn until the fast ones have won
	 * {@code winsNeeded} rounds in a row (then switches and returns true) or the budget is spent (returns false).
	 */
	boolean warmUp() {
		started.set(true);
		try {
			KernelWorkout workout = new KernelWorkout();
			float[] bFirst = workout.packFor(first), bFast = workout.packFor(fast);
			long end = System.nanoTime() + budgetNanos;
			for (int wins = 0; System.nanoTime() < end; ) {
				long tFast = workout.run(fast, bFast), tFirst = workout.run(first, bFirst);
				wins = tFast < tFirst ? wins + 1 : 0;
				if (wins >= winsNeeded) {
					current = fast;
					return true;
				}
			}
		}
		catch (RuntimeException | LinkageError e) {
			// the fast kernels failed here: the first ones stay, and they are correct
		}
		return false;
	}

	/** Switches now, without the warm-up (tests). */
	void switchNow() {
		started.set(true);
		current = fast;
	}

	@Override
	public String name() {
		return fast.name();
	}

	@Override
	public float[] packB(float[] b, int k, int n) {
		if (first.packB(b, k, n) != b) throw new IllegalStateException(first.name() + " repacks B; " +
			"SwitchingKernels needs first kernels that use B as it is");
		packed.put(b, new Packed(k, n));
		return b;
	}

	@Override
	public void matmulRows(float[] a, int aOff, int lda, float[] b, float[] c, int cOff, int m0, int m1, int k, int n) {
		Kernels kernels = current();
		if (kernels == first) first.matmulRows(a, aOff, lda, b, c, cOff, m0, m1, k, n);
		else fast.matmulRows(a, aOff, lda, fastLayout(b, k, n), c, cOff, m0, m1, k, n);
	}

	private float[] fastLayout(float[] b, int k, int n) {
		Packed p = packed.get(b);
		if (p == null || p.k != k || p.n != n) throw new IllegalArgumentException("B (" + k + "x" + n +
			") was not packed by these kernels' packB with the same shape");
		synchronized (p) {
			if (p.fast == null) p.fast = fast.packB(b, k, n);
			return p.fast;
		}
	}

	@Override
	public void depthwiseRows(float[] x, int xOff, int h, int w, int c, float[] weight, float[] bias, int kh, int kw,
		int stride, int padY, int padX, float[] y, int yOff, int oh, int ow, int oy0, int oy1)
	{
		current().depthwiseRows(x, xOff, h, w, c, weight, bias, kh, kw, stride, padY, padX, y, yOff, oh, ow, oy0, oy1);
	}

	@Override
	public void scanChannels(SelectiveScan.Problem p, int batch, int d0, int d1) {
		current().scanChannels(p, batch, d0, d1);
	}

	@Override
	public void sigmoid(float[] in, float[] out, int from, int to) {
		current().sigmoid(in, out, from, to);
	}

	@Override
	public void silu(float[] in, float[] out, int from, int to) {
		current().silu(in, out, from, to);
	}

	@Override
	public void gelu(float[] in, float[] out, int from, int to) {
		current().gelu(in, out, from, to);
	}

	@Override
	public void mulSilu(float[] a, float[] b, float[] out, int from, int to) {
		current().mulSilu(a, b, out, from, to);
	}

	@Override
	public void layerNorm(float[] in, float[] out, int c, float[] weight, float[] bias, float eps, int r0, int r1) {
		current().layerNorm(in, out, c, weight, bias, eps, r0, r1);
	}

	/** Default budget: long enough for C2 on a loaded two-core machine, short enough to stop burning CPU. */
	static final long DEFAULT_BUDGET = TimeUnit.SECONDS.toNanos(60);
	static final int DEFAULT_WINS = 5;
}

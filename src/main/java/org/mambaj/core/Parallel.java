package org.mambaj.core;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits index ranges over MambaJ's own fork-join pool, one worker per core. Not the common pool: its
 * parallelism is cores - 1 (it expects the caller to help), which on a 2-core machine meant every op ran on
 * one thread. Nested calls (a parallel op inside a parallel inference) are fine: fork-join work stealing keeps
 * every core busy without oversubscription. {@code -Dmambaj.threads=N} overrides the worker count.
 */
public final class Parallel {

	private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1,
		Integer.getInteger("mambaj.threads", Runtime.getRuntime().availableProcessors())));

	/** Work on the half-open range [from, to). */
	@FunctionalInterface
	public interface RangeBody {
		void run(int from, int to);
	}

	private Parallel() {}

	public static int threads() {
		return POOL.getParallelism();
	}

	/**
	 * Runs {@code body} over [0, n) in chunks of at least {@code grain} indices, in parallel when
	 * there is more than one chunk.
	 */
	public static void range(int n, int grain, RangeBody body) {
		if (n <= 0) return;
		int chunks = Math.max(1, Math.min(n / Math.max(1, grain), threads() * 4));
		if (chunks == 1 || threads() == 1) {
			body.run(0, n);
			return;
		}
		POOL.invoke(new Chunk(body, 0, n, (n + chunks - 1) / chunks));
	}

	private static final class Chunk extends RecursiveAction {
		private final RangeBody body;
		private final int from, to, size;

		Chunk(RangeBody body, int from, int to, int size) {
			this.body = body; this.from = from; this.to = to; this.size = size;
		}

		@Override
		protected void compute() {
			if (to - from <= size) {
				body.run(from, to);
				return;
			}
			int mid = from + Math.max(size, ((to - from) / size / 2) * size);
			invokeAll(new Chunk(body, from, mid, size), new Chunk(body, mid, to, size));
		}
	}
}

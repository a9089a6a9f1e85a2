package org.mambaj.core;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits index ranges over the common fork-join pool. Nested calls (a parallel op inside a parallel
 * inference) are fine: fork-join work stealing keeps every core busy without oversubscription.
 */
public final class Parallel {

	/** Work on the half-open range [from, to). */
	@FunctionalInterface
	public interface RangeBody {
		void run(int from, int to);
	}

	private Parallel() {}

	public static int threads() {
		return ForkJoinPool.getCommonPoolParallelism();
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
		ForkJoinPool.commonPool().invoke(new Chunk(body, 0, n, (n + chunks - 1) / chunks));
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

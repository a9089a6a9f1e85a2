package org.mambaj.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several one-thread pools, for work that falls into independent jobs (the tiles of an image, the images of a
 * folder): K jobs at once, each on its own thread, every op inside a job on that thread alone. Why not one pool
 * of K threads: on two cores, two inferences at once on one thread each ran 1.9-2.2x one inference, while one
 * inference split op by op over two threads ran 1.5x (BENCHMARKS.md, "Two threads"): an inference has serial
 * parts and ops too small to split, during which a second thread of its own idles.
 */
public final class OneThreadPools implements AutoCloseable {

	private final Parallel[] pools;

	/** {@code count} pools of one worker each (at least 1); their threads start on demand. */
	public OneThreadPools(int count) {
		if (count < 1) throw new IllegalArgumentException("need at least one pool, got " + count);
		pools = new Parallel[count];
		for (int i = 0; i < count; i++) pools[i] = new Parallel(1);
	}

	/** How many jobs can run at once. */
	public int size() {
		return pools.length;
	}

	/**
	 * Runs task i on pool i, all at once, and returns their results in task order once all have finished. A failed
	 * task does not cut the others short (a running inference cannot be stopped half-way; none is started after
	 * it); then the failure of the first failed task in list order is thrown unchanged. Interrupted while the tasks
	 * run, this still waits for them (nothing keeps running behind the caller's back), then throws
	 * {@link InterruptedException}.
	 */
	public <T> List<T> runAll(List<? extends Parallel.Task<? extends T>> tasks) throws IOException, InterruptedException {
		if (tasks.size() > pools.length) throw new IllegalArgumentException(
			tasks.size() + " tasks at once, but there are only " + pools.length + " pools");
		List<Parallel.Started<? extends T>> started = new ArrayList<>(tasks.size());
		try {
			for (int i = 0; i < tasks.size(); i++) started.add(pools[i].start(tasks.get(i)));
		}
		finally { // also when a start failed: the tasks already started finish before this returns
			for (Parallel.Started<? extends T> s : started) s.awaitUninterruptibly();
		}
		if (Thread.interrupted()) throw new InterruptedException("interrupted while " + tasks.size() + " jobs ran");
		List<T> results = new ArrayList<>(tasks.size());
		for (Parallel.Started<? extends T> s : started) results.add(s.join()); // all finished: no wait
		return results;
	}

	/** Stops the pools' threads (once idle). */
	@Override
	public void close() {
		for (Parallel p : pools) p.close();
	}
}

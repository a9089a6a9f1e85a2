package org.mambaj.core;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * A fork-join pool of a size the caller chooses (Fiji: Edit > Options > Memory & Threads; the command line:
 * {@code --threads}), and the index-range splitting every parallel op uses. Work submitted with {@link #call}
 * runs on this pool's workers, and every {@link #range} reached from it (however deep in the model) splits over
 * the same pool: the threads of one inference are the caller's choice, with no pool size fixed in advance.
 * A top-level range runs on the caller and the pool's {@link RangeTeam} (helpers that stay awake between the ops
 * of an inference); a range inside a range runs on the thread that reached it.
 *
 * Code that calls {@link #range} outside any caller's pool (tests, library use) gets {@link #standard()}: one
 * worker per core, or {@code -Dmambaj.threads=N}, created on first use. Not the JDK's common pool: its
 * parallelism is cores - 1, which on a 2-core machine meant every op ran on one thread.
 */
public final class Parallel implements AutoCloseable {

	/** Work on the half-open range [from, to). */
	@FunctionalInterface
	public interface RangeBody {
		void run(int from, int to);
	}

	/** Work whose parallel ops should run on a chosen pool: typically one inference. */
	@FunctionalInterface
	public interface Task<T> {
		T run() throws IOException;
	}

	private final ForkJoinPool pool;
	private RangeTeam team; // created on the first split range

	/** A pool of {@code threads} workers (at least 1); its threads are daemons, started on demand. */
	public Parallel(int threads) {
		if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
		pool = new ForkJoinPool(threads, p -> new Worker(p, this), null, false);
	}

	/** The pool for callers that chose none; created once, on first use. */
	public static Parallel standard() {
		return Standard.POOL;
	}

	/** This pool's worker count. */
	public int size() {
		return pool.getParallelism();
	}

	/**
	 * Runs {@code task} on this pool and returns its result; the ops inside it use this pool. Its exceptions
	 * reach the caller unchanged.
	 */
	public <T> T call(Task<T> task) throws IOException {
		if (current() == this) return task.run(); // already on one of our workers
		try {
			return start(task).join();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while waiting for MambaJ's workers");
		}
	}

	/** Starts {@code task} on this pool and returns at once; {@link Started#join} waits for it. */
	<T> Started<T> start(Task<T> task) {
		Started<T> s = new Started<>();
		// the task's own exception object reaches the caller (fork-join would wrap or copy it)
		pool.execute(() -> {
			try {
				s.value = task.run();
			}
			catch (IOException | RuntimeException | Error e) {
				s.failure = e;
			}
			finally {
				s.finished.countDown();
			}
		});
		return s;
	}

	/**
	 * A task started on a pool: its value, or its own exception, once it has finished. Waiting uses a latch, not
	 * the fork-join future: a worker of another pool (the tiles of an image started from the caller's pool) that
	 * waits in {@code ForkJoinTask.get} makes its own pool start a spare thread, more threads than the caller chose.
	 */
	static final class Started<T> {
		private final CountDownLatch finished = new CountDownLatch(1);
		private T value;
		private Throwable failure;

		/** Waits for the task; then its value, or its exception rethrown unchanged. */
		T join() throws IOException, InterruptedException {
			finished.await(); // happens-before: the task's writes are visible below
			if (failure instanceof IOException io) throw io;
			if (failure instanceof RuntimeException re) throw re;
			if (failure instanceof Error err) throw err;
			return value;
		}

		/** Waits for the task to finish, even when interrupted meanwhile (the interrupt is kept). */
		void awaitUninterruptibly() {
			boolean interrupted = false;
			while (true) {
				try {
					finished.await();
					break;
				}
				catch (InterruptedException e) {
					interrupted = true;
				}
			}
			if (interrupted) Thread.currentThread().interrupt();
		}
	}

	/** Threads this pool has now, idle ones included (tests: the caller's thread count is kept). */
	int liveThreads() {
		return pool.getPoolSize();
	}

	/** Stops the workers once they are idle; pending work completes. */
	@Override
	public void close() {
		if (this == standard()) return;
		pool.shutdown();
		synchronized (this) {
			if (team != null) team.close();
		}
	}

	/** The helpers for this pool's top-level ranges, started on first use. */
	private synchronized RangeTeam team() {
		if (team == null) team = new RangeTeam(this, size() - 1);
		return team;
	}

	/** The pool of the calling thread: the caller's, when running inside {@link #call}, else {@link #standard()}. */
	public static Parallel current() {
		Thread t = Thread.currentThread();
		if (t instanceof Worker w) return w.owner;
		if (t instanceof RangeTeam.Helper h) return h.owner();
		return standard();
	}

	/** Worker count of the pool that ops on this thread use. */
	public static int threads() {
		return current().size();
	}

	/**
	 * Runs {@code body} over [0, n) in chunks of at least {@code grain} indices, in parallel on the current
	 * pool when there is more than one chunk.
	 */
	public static void range(int n, int grain, RangeBody body) {
		if (RangeProfile.ON) RangeProfile.time(n, body, () -> split(n, grain, body));
		else split(n, grain, body);
	}

	/**
	 * Runs {@code body} over [0, n) for a streaming pass over n values (copies, elementwise arithmetic): chunks of
	 * at least {@link #ELEMENT_GRAIN} values, so that short arrays stay on the calling thread.
	 */
	public static void elements(int n, RangeBody body) {
		range(n, ELEMENT_GRAIN, body);
	}

	/** Runs {@code body} over rows [0, rows) of {@code width} values each, as a streaming pass (see {@link #elements}). */
	public static void rows(int rows, int width, RangeBody body) {
		range(rows, Math.max(1, ELEMENT_GRAIN / Math.max(1, width)), body);
	}

	/** Values per task of a streaming pass: 128 KB of floats, some tens of microseconds, well above a task's cost. */
	public static final int ELEMENT_GRAIN = 1 << 15;

	private static void split(int n, int grain, RangeBody body) {
		if (n <= 0) return;
		Parallel p = current();
		int threads = p.size();
		int chunks = Math.max(1, Math.min(n / Math.max(1, grain), threads * 4));
		if (chunks == 1 || threads == 1) {
			body.run(0, n);
			return;
		}
		RangeTeam team = p.team();
		if (team.inRange()) { // a range inside a chunk: every thread has a chunk of the outer range already
			body.run(0, n);
			return;
		}
		int size = (n + chunks - 1) / chunks;
		// the team serves one range at a time; another caller's range meanwhile goes to the fork-join pool
		if (!team.tryRun(n, size, body)) p.pool.invoke(new Chunk(body, 0, n, size));
	}

	/** A worker knows its Parallel, so that ranges started on it stay on its pool. */
	private static final class Worker extends ForkJoinWorkerThread {
		final Parallel owner;

		Worker(ForkJoinPool pool, Parallel owner) {
			super(pool);
			this.owner = owner;
			setName("mambaj-worker"); // daemon, as every fork-join worker: never keeps a JVM from exiting
		}
	}

	private static final class Standard {
		static final Parallel POOL = new Parallel(Math.max(1,
			Integer.getInteger("mambaj.threads", Runtime.getRuntime().availableProcessors())));
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
				if (RangeProfile.ON) RangeProfile.nested(() -> body.run(from, to));
				else body.run(from, to);
				return;
			}
			int mid = from + Math.max(size, ((to - from) / size / 2) * size);
			invokeAll(new Chunk(body, from, mid, size), new Chunk(body, mid, to, size));
		}
	}
}

package org.mambaj.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The helpers of one {@link Parallel} for its top-level ranges: threads - 1 threads that, after a range, spin for a
 * moment waiting for the next one before they park. An inference is a chain of short ops (VM-UNet 256²: about 230
 * ranges of 0.1-15 ms) with a little serial work between them; a parked fork-join worker took 0.2-0.3 ms to wake
 * on this machine's virtual CPUs, so a 2 ms op split over two threads ran 1.76x instead of 1.97x with a spinning
 * helper (BENCHMARKS.md, "Session 12"). One range at a time: the caller that holds the team runs
 * chunks too, and ranges started inside a chunk run on their own thread (every thread is busy already).
 */
final class RangeTeam {

	/**
	 * How long a helper spins for the next range before it parks, adapted per helper: doubled (up to the most) when
	 * the next range came while it spun, halved (down to the least) when it had to park. Warm, the gaps between
	 * ops are well under a millisecond; in the first inference of a JVM they are long (interpreted code), and a
	 * helper spinning through them takes the CPU that the JIT compiler needs.
	 */
	private static final long MOST_SPIN_NANOS = 2_000_000, LEAST_SPIN_NANOS = 20_000;

	private final Parallel owner;
	private final Helper[] helpers;
	private final AtomicBoolean busy = new AtomicBoolean();
	private volatile Thread holder;
	private volatile Job job; // the running range, null between ranges (so that its arrays are not kept)
	private volatile long generation; // counts the ranges (written by the holder only): a helper works on each once
	private volatile boolean closed;

	RangeTeam(Parallel owner, int helperCount) {
		this.owner = owner;
		helpers = new Helper[helperCount];
		for (int i = 0; i < helperCount; i++) {
			helpers[i] = new Helper();
			helpers[i].start();
		}
	}

	/** Whether the calling thread is inside one of this team's ranges (a helper, or the caller holding it). */
	boolean inRange() {
		Thread t = Thread.currentThread();
		return t == holder || t instanceof Helper h && h.team() == this;
	}

	/**
	 * Runs body over [0, n) in chunks of {@code size} on the caller and the helpers and returns when all are done,
	 * rethrowing the first failure; false (nothing run) when another caller holds the team.
	 */
	boolean tryRun(int n, int size, Parallel.RangeBody body) {
		if (closed || !busy.compareAndSet(false, true)) return false;
		holder = Thread.currentThread();
		try {
			Job j = new Job(body, n, size);
			job = j;
			generation++; // after the job: a helper that sees the new generation sees the job (or a later value)
			for (Helper h : helpers) if (h.parked) LockSupport.unpark(h);
			j.work();
			j.awaitChunks();
			j.rethrow();
			return true;
		}
		finally {
			job = null;
			holder = null;
			busy.set(false);
		}
	}

	/** Lets the helpers end (they are daemons; a running range finishes first). */
	void close() {
		closed = true;
		for (Helper h : helpers) LockSupport.unpark(h);
	}

	/** One range: chunks claimed in turn by whoever is free. */
	private static final class Job {
		final Parallel.RangeBody body;
		final int n, size, chunks;
		final AtomicInteger next = new AtomicInteger(), finished = new AtomicInteger();
		volatile Throwable failure;

		Job(Parallel.RangeBody body, int n, int size) {
			this.body = body; this.n = n; this.size = size;
			chunks = (n + size - 1) / size;
		}

		void work() {
			for (int c; (c = next.getAndIncrement()) < chunks; ) {
				try {
					// after a failure the other chunks are skipped: the caller throws anyway
					if (failure == null) {
						int from = c * size, to = Math.min(n, from + size);
						if (RangeProfile.ON) RangeProfile.nested(() -> body.run(from, to));
						else body.run(from, to);
					}
				}
				catch (RuntimeException | Error e) {
					if (failure == null) failure = e;
				}
				finally {
					finished.incrementAndGet();
				}
			}
		}

		/**
		 * Waits for chunks still running on helpers: spins, as they take about as long as the caller's own, then
		 * naps (a helper that lost its CPU on a loaded machine gets this one instead of a spinning caller).
		 */
		void awaitChunks() {
			for (int spins = 0; finished.get() < chunks; spins++) {
				if (spins < 1 << 14) Thread.onSpinWait();
				else LockSupport.parkNanos(20_000);
			}
		}

		void rethrow() {
			if (failure instanceof RuntimeException re) throw re;
			if (failure instanceof Error err) throw err;
		}
	}

	/** A helper thread: works on each new job, spinning a while (see MOST_SPIN_NANOS) for the next one before it parks. */
	final class Helper extends Thread {
		volatile boolean parked;

		Helper() {
			setName("mambaj-helper");
			setDaemon(true); // never keeps a JVM from exiting
		}

		RangeTeam team() {
			return RangeTeam.this;
		}

		Parallel owner() {
			return owner;
		}

		@Override
		public void run() {
			long seen = 0, spin = LEAST_SPIN_NANOS;
			while (!closed) {
				long g = generation;
				if (g != seen) {
					seen = g;
					Job j = job;
					if (j != null) j.work();
					continue;
				}
				long until = System.nanoTime() + spin;
				while (generation == seen && !closed && System.nanoTime() < until) Thread.onSpinWait();
				if (generation != seen) spin = Math.min(MOST_SPIN_NANOS, 2 * spin);
				else if (!closed) {
					spin = Math.max(LEAST_SPIN_NANOS, spin / 2);
					parked = true; // then look once more: a range started before this write is seen below
					if (generation == seen && !closed) LockSupport.park(this);
					parked = false;
				}
			}
		}
	}
}

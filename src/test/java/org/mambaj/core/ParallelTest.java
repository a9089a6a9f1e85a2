package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The caller sizes the pool: work inside {@link Parallel#call} splits over that pool's workers and no others. */
class ParallelTest {

	@Test
	void rangesInsideCallUseTheCallersPool() throws IOException {
		try (Parallel one = new Parallel(1); Parallel three = new Parallel(3)) {
			assertEquals(1, (int) one.call(Parallel::threads));
			assertEquals(3, (int) three.call(Parallel::threads));
			assertSame(three, three.call(Parallel::current));
			Set<Thread> used = ConcurrentHashMap.newKeySet();
			AtomicLong sum = new AtomicLong();
			three.call(() -> {
				Parallel.range(10_000, 1, (from, to) -> {
					used.add(Thread.currentThread());
					for (int i = from; i < to; i++) sum.addAndGet(i);
					busy();
				});
				return null;
			});
			assertEquals(10_000L * 9_999 / 2, sum.get());
			assertTrue(used.size() <= 3, "at most the pool's 3 workers, got " + used.size());
			for (Thread t : used) assertEquals("mambaj-worker", t.getName());
			// a one-thread pool runs everything on its single worker
			Set<Thread> single = ConcurrentHashMap.newKeySet();
			one.call(() -> {
				Parallel.range(1000, 1, (from, to) -> single.add(Thread.currentThread()));
				return null;
			});
			assertEquals(1, single.size());
		}
	}

	/**
	 * Jobs on one-thread pools started from a worker of the caller's pool (the tiles of an image) are waited for
	 * without the caller's pool adding a spare thread: a one-thread caller stays at one thread.
	 */
	@Test
	void waitingForJobsOnOtherPoolsAddsNoThreadToTheCallers() throws Exception {
		try (Parallel caller = new Parallel(1); OneThreadPools jobs = new OneThreadPools(2)) {
			int[] during = new int[1];
			caller.call(() -> {
				try {
					jobs.runAll(java.util.List.<Parallel.Task<Integer>>of(() -> sleep(300), () -> {
						sleep(150);
						during[0] = caller.liveThreads();
						return 0;
					}));
				}
				catch (InterruptedException e) {
					throw new IOException(e);
				}
				return null;
			});
			assertTrue(during[0] <= 1, "the caller's pool grew to " + during[0] + " threads while its worker waited");
		}
	}

	private static int sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return 0;
	}

	@Test
	void streamingPassesCoverEveryIndexOnce() throws IOException {
		try (Parallel three = new Parallel(3)) {
			for (int n : new int[] { 0, 1, Parallel.ELEMENT_GRAIN - 1, 5 * Parallel.ELEMENT_GRAIN + 17 }) {
				int[] elements = new int[n], rows = new int[n];
				Set<Thread> used = ConcurrentHashMap.newKeySet();
				three.call(() -> {
					Parallel.elements(n, (from, to) -> {
						used.add(Thread.currentThread());
						for (int i = from; i < to; i++) elements[i]++;
					});
					Parallel.rows(n, 7, (from, to) -> {
						for (int i = from; i < to; i++) rows[i]++;
					});
					return null;
				});
				for (int i = 0; i < n; i++) {
					assertEquals(1, elements[i], "elements: index " + i + " of " + n);
					assertEquals(1, rows[i], "rows: index " + i + " of " + n);
				}
				// below one grain of values a pass stays on one thread
				if (n < Parallel.ELEMENT_GRAIN) assertTrue(used.size() <= 1, "one thread for " + n + " values");
			}
		}
	}

	@Test
	void outsideAnyCallTheStandardPoolServes() {
		assertSame(Parallel.standard(), Parallel.current());
		assertEquals(Parallel.standard().size(), Parallel.threads());
	}

	@Test
	void exceptionsReachTheCallerUnchanged() {
		try (Parallel p = new Parallel(2)) {
			IOException io = assertThrows(IOException.class, () -> p.call(() -> { throw new IOException("disk"); }));
			assertEquals("disk", io.getMessage());
			assertThrows(IllegalArgumentException.class, () -> p.call(() -> { throw new IllegalArgumentException("bad"); }));
		}
		assertThrows(IllegalArgumentException.class, () -> new Parallel(0));
	}

	private static void busy() {
		long until = System.nanoTime() + 20_000;
		while (System.nanoTime() < until) Thread.onSpinWait();
	}
}

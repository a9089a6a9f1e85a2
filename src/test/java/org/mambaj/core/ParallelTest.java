package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
			Set<Parallel> pools = ConcurrentHashMap.newKeySet();
			AtomicLong sum = new AtomicLong(), nested = new AtomicLong(), chunks = new AtomicLong();
			three.call(() -> {
				for (int round = 0; round < 20; round++) // later ranges find the helpers awake
					Parallel.range(10_000, 1, (from, to) -> {
						used.add(Thread.currentThread());
						pools.add(Parallel.current());
						chunks.incrementAndGet();
						for (int i = from; i < to; i++) sum.addAndGet(i);
						// a range inside a chunk runs on the thread that reached it
						Parallel.range(100, 1, (f, t) -> {
							assertTrue(used.contains(Thread.currentThread()));
							for (int i = f; i < t; i++) nested.addAndGet(i);
						});
						busy();
					});
				return null;
			});
			assertEquals(20 * (10_000L * 9_999 / 2), sum.get());
			assertEquals(chunks.get() * (100 * 99 / 2), nested.get(), "every nested range whole, once per chunk");
			assertTrue(used.size() <= 3, "at most the pool's 3 threads, got " + used.size());
			// the caller's worker and this pool's helpers, which know their pool
			for (Thread t : used) assertTrue(t.getName().equals("mambaj-worker") || t.getName().equals("mambaj-helper"), t.getName());
			assertEquals(Set.of(three), pools);
			// a one-thread pool runs everything on its single worker
			Set<Thread> single = ConcurrentHashMap.newKeySet();
			one.call(() -> {
				Parallel.range(1000, 1, (from, to) -> single.add(Thread.currentThread()));
				return null;
			});
			assertEquals(1, single.size());
			// closing the pool ends its helpers
			three.close();
			for (Thread t : used)
				if (t.getName().equals("mambaj-helper")) {
					t.join(5000);
					assertFalse(t.isAlive(), "a helper outlived its pool");
				}
		}
		catch (InterruptedException e) {
			throw new AssertionError(e);
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
			// from a chunk of a range, whichever thread ran it; the pool still works afterwards
			IllegalStateException chunk = new IllegalStateException("chunk");
			for (int round = 0; round < 10; round++)
				assertSame(chunk, assertThrows(IllegalStateException.class, () -> p.call(() -> {
					Parallel.range(64, 1, (from, to) -> {
						busy();
						if (from <= 40 && 40 < to) throw chunk;
					});
					return null;
				})));
			int[] covered = new int[64];
			p.call(() -> {
				Parallel.range(64, 1, (from, to) -> { for (int i = from; i < to; i++) covered[i]++; });
				return null;
			});
			for (int c : covered) assertEquals(1, c);
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
		assertThrows(IllegalArgumentException.class, () -> new Parallel(0));
	}

	private static void busy() {
		long until = System.nanoTime() + 20_000;
		while (System.nanoTime() < until) Thread.onSpinWait();
	}
}

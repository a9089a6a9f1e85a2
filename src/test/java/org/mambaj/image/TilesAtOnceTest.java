package org.mambaj.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.mambaj.core.JavaEngine;
import org.mambaj.core.Parallel;
import org.mambaj.core.Tensor;
import org.mambaj.models.Architectures;
import org.mambaj.models.Model;
import org.mambaj.testing.Golden;

/**
 * Several tiles at once, each on a one-thread pool: the same bits and the same bands as one tile after another,
 * failures and cancellation as before, and really at once.
 */
class TilesAtOnceTest {

	@Test
	void tilesAtOnceGiveTheSameBitsAndBandsAsOneAfterAnother() {
		for (int[] c : new int[][] { { 150, 130, 48, 12, 16 }, { 301, 97, 64, 8, 1 }, { 40, 333, 32, 15, 8 }, { 200, 200, 96, 0, 32 } }) {
			Plane img = BandedTilingTest.random(2, c[0], c[1], c[0] * 31 + c[1]);
			Tiler serial = new Tiler(c[2], c[3], c[4]);
			List<String> serialBands = new ArrayList<>();
			float[] expected = run(serial, img, PlaneNetworks.of(BandedTilingTest.NEIGHBOURS), serialBands);
			for (int k : new int[] { 2, 3, 5 }) {
				List<String> bands = new ArrayList<>();
				assertArrayEquals(expected, run(serial.tilesAtOnce(k), img, PlaneNetworks.of(BandedTilingTest.NEIGHBOURS), bands),
					k + " at once, case " + List.of(c[0], c[1], c[2]));
				assertEquals(serialBands, bands, "the same bands in the same order");
			}
		}
	}

	/** A real network on the Java engine: concurrent tiles on one thread each against serial tiles on two threads. */
	@Test
	void aRealNetworkGivesTheSameBitsTiledAtOnce() throws Exception {
		Golden g = Golden.load("umamba-bot-small");
		try (JavaEngine engine = new JavaEngine(); Parallel two = new Parallel(2)) {
			Model m = Architectures.build(g.architecture(), g.config(), g.weights(), engine);
			Plane img = BandedTilingTest.random(1, 70, 90, 5);
			Tiler tiler = new Tiler(32, 8, m.sizeMultiple());
			assertTrue(tiler.tiles(70, 90) >= 6, "several tiles: " + tiler.tiles(70, 90));
			float[] serial = two.call(() -> tiler.run(img, m::forward, Progress.NONE)).data();
			float[] atOnce = two.call(() -> tiler.tilesAtOnce(2).run(img, m::forward, Progress.NONE)).data();
			assertArrayEquals(serial, atOnce);
			assertArrayEquals(serial, tiler.tilesAtOnce(3).run(img, m::forward, Progress.NONE).data());
		}
	}

	@Test
	void tilesRunAtOnceOnOneThreadEachWithTheirOwnBuffers() {
		// 2 x 2 tiles, two at once: both tiles of a group must meet at the barrier, or it times out
		CyclicBarrier bothRunning = new CyclicBarrier(2);
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		Set<Integer> threadCounts = ConcurrentHashMap.newKeySet();
		List<float[]> buffers = Collections.synchronizedList(new ArrayList<>());
		UnaryOperator<Tensor> net = t -> {
			threads.add(Thread.currentThread());
			threadCounts.add(Parallel.threads());
			buffers.add(t.data());
			try {
				bothRunning.await(20, TimeUnit.SECONDS);
			}
			catch (Exception e) {
				throw new IllegalStateException("the other tile of the group did not run at the same time", e);
			}
			return PlaneNetworks.of(BandedTilingTest.NEIGHBOURS).apply(t);
		};
		Plane img = BandedTilingTest.random(1, 60, 60, 3);
		Tiler tiler = new Tiler(32, 4, 1).tilesAtOnce(2);
		assertEquals(4, tiler.tiles(60, 60));
		float[] atOnce = tiler.run(img, net, Progress.NONE).data();
		assertArrayEquals(new Tiler(32, 4, 1).run(img, PlaneNetworks.of(BandedTilingTest.NEIGHBOURS), Progress.NONE).data(), atOnce);
		assertEquals(Set.of(1), threadCounts, "the ops of a tile run on one thread");
		assertTrue(threads.size() >= 2 && !threads.contains(Thread.currentThread()), threads.toString());
		assertEquals(4, buffers.size());
		assertNotSame(buffers.get(0), buffers.get(1), "tiles at once read from buffers of their own");
	}

	@Test
	void aFailingTileThrowsItsOwnExceptionAndNoLaterTileStarts() {
		// pixel values encode their position, so a tile is known by its first value
		Plane img = Plane.zeros(1, 90, 90);
		for (int i = 0; i < img.data().length; i++) img.data()[i] = i;
		Tiler tiler = new Tiler(36, 4, 1).tilesAtOnce(2); // 3 x 3 tiles of 33 at rows and columns 0, 29, 57
		assertEquals(9, tiler.tiles(90, 90));
		for (Throwable boom : new Throwable[] { new IllegalStateException("tile 4 failed"), new AssertionError("tile 4") }) {
			AtomicInteger calls = new AtomicInteger();
			List<Integer> bands = new ArrayList<>();
			UnaryOperator<Tensor> net = t -> {
				calls.incrementAndGet();
				if (t.data()[0] == 29 * 90 + 29) { // tile (1, 1): the fifth, in the third group (the fifth and sixth)
					if (boom instanceof RuntimeException r) throw r;
					throw (Error) boom;
				}
				return PlaneNetworks.of(BandedTilingTest.NEIGHBOURS).apply(t);
			};
			Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(Throwable.class,
				() -> tiler.run(img, net, (y0, rows) -> bands.add(y0), Progress.NONE)));
			assertSame(boom, thrown, "the tile's own exception, unchanged");
			assertEquals(6, calls.get(), "three groups of two ran, nothing after the failing one");
			assertEquals(List.of(0), bands, "the first band of rows was finished before the failure");
		}
	}

	@Test
	void cancellingStopsBetweenTilesAndInterruptingCancels() {
		Plane img = BandedTilingTest.random(1, 90, 90, 7);
		Tiler tiler = new Tiler(36, 4, 1).tilesAtOnce(2);
		AtomicInteger calls = new AtomicInteger();
		UnaryOperator<Tensor> net = t -> {
			calls.incrementAndGet();
			return PlaneNetworks.of(BandedTilingTest.NEIGHBOURS).apply(t);
		};
		long[] done = new long[1];
		Progress cancelAfterFirst = new Progress() {
			@Override
			public void update(long d, long total) {
				done[0] = d;
			}

			@Override
			public boolean isCancelled() {
				return done[0] >= 1;
			}
		};
		assertThrows(Progress.CancelledException.class, () -> tiler.run(img, net, cancelAfterFirst));
		assertEquals(1, done[0], "stopped before the second tile was blended");
		assertEquals(2, calls.get(), "only the first group ran");

		Thread caller = Thread.currentThread();
		calls.set(0);
		UnaryOperator<Tensor> interrupting = t -> {
			if (calls.incrementAndGet() == 3) caller.interrupt();
			return PlaneNetworks.of(BandedTilingTest.NEIGHBOURS).apply(t);
		};
		try {
			assertThrows(Progress.CancelledException.class, () -> tiler.run(img, interrupting, Progress.NONE));
			assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
			assertEquals(4, calls.get(), "the interrupted group finished, no later one started");
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void tilesThatDoNotFitAtOnceRunOneAtATime() {
		Plane img = BandedTilingTest.random(1, 90, 90, 11);
		Thread caller = Thread.currentThread();
		List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
		UnaryOperator<Tensor> net = t -> {
			threads.add(Thread.currentThread());
			if (Thread.currentThread() != caller) throw new OutOfMemoryError("Java heap space"); // only one fits
			return PlaneNetworks.of(BandedTilingTest.NEIGHBOURS).apply(t);
		};
		Tiler tiler = new Tiler(36, 4, 1);
		float[] atOnce = tiler.tilesAtOnce(2).run(img, net, Progress.NONE).data();
		assertArrayEquals(tiler.run(img, PlaneNetworks.of(BandedTilingTest.NEIGHBOURS), Progress.NONE).data(), atOnce);
		assertEquals(2 + 9, threads.size(), "a failed group of two, then the nine tiles one at a time");
		assertTrue(threads.subList(2, threads.size()).stream().allMatch(t -> t == caller));
		// an OutOfMemoryError of a tile alone is the caller's
		assertThrows(OutOfMemoryError.class, () -> tiler.run(img, t -> { throw new OutOfMemoryError("tile"); }, Progress.NONE));
	}

	@Test
	void oneTileOrOneAtATimeStaysOnTheCallersThread() {
		Plane img = BandedTilingTest.random(1, 30, 40, 9);
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		UnaryOperator<Tensor> net = t -> {
			threads.add(Thread.currentThread());
			return PlaneNetworks.of(BandedTilingTest.NEIGHBOURS).apply(t);
		};
		Tiler tiler = new Tiler(64, 8, 1).tilesAtOnce(4);
		assertEquals(1, tiler.tilesAtOnceFor(30, 40));
		tiler.run(img, net, Progress.NONE);
		new Tiler(16, 4, 1).run(img, net, Progress.NONE);
		assertEquals(Set.of(Thread.currentThread()), threads);
		assertThrows(IllegalArgumentException.class, () -> new Tiler(16, 4, 1).tilesAtOnce(0));
	}

	private static float[] run(Tiler tiler, Plane img, UnaryOperator<Tensor> net, List<String> bands) {
		Plane out = Plane.zeros(2, img.height(), img.width());
		tiler.run(img, net, (y0, rows) -> {
			bands.add(y0 + "+" + rows.height());
			for (int k = 0; k < rows.channels(); k++)
				for (int y = 0; y < rows.height(); y++)
					for (int x = 0; x < rows.width(); x++) out.set(k, y0 + y, x, rows.get(k, y, x));
		}, Progress.NONE);
		return out.data();
	}
}

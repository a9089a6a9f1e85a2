package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/** The command line's tile progress: images running at once share one line, each with its own part. */
class ConsoleProgressTest {

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
	private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

	/** Each redraw of the line, as written (a redraw starts with \r). */
	private List<String> redraws() {
		List<String> lines = new ArrayList<>();
		for (String s : bytes.toString(StandardCharsets.UTF_8).split("\r")) if (!s.isEmpty()) lines.add(s);
		return lines;
	}

	@Test
	void twoImagesShareTheLineAndTheLineIsClearedWhenBothAreDone() {
		ConsoleProgress progress = new ConsoleProgress(err, true);
		try (ConsoleProgress.Entry a = progress.start("a.png"); ConsoleProgress.Entry b = progress.start("b.png")) {
			a.update(1, 9);
			b.update(1, 4);
			a.update(2, 9);
			assertEquals("a.png: tile 2/9 | b.png: tile 1/4\033[K", redraws().get(redraws().size() - 1));
			b.close(); // b done first: a keeps the line to itself
			assertEquals("a.png: tile 2/9\033[K", redraws().get(redraws().size() - 1));
		}
		assertEquals("\033[K", redraws().get(redraws().size() - 1), "the last redraw clears the line");
	}

	@Test
	void aFailedImageLeavesTheLineWhenItsEntryIsClosed() {
		ConsoleProgress progress = new ConsoleProgress(err, true);
		try (ConsoleProgress.Entry a = progress.start("a.png")) {
			a.update(3, 9);
			throw new IllegalStateException("boom");
		}
		catch (IllegalStateException expected) {
			assertEquals("\033[K", redraws().get(redraws().size() - 1));
		}
	}

	@Test
	void oneTileAndNoTerminalWriteNothing() {
		ConsoleProgress progress = new ConsoleProgress(err, true);
		try (ConsoleProgress.Entry a = progress.start("a.png")) {
			a.update(1, 1);
		}
		ConsoleProgress silent = new ConsoleProgress(err, false);
		try (ConsoleProgress.Entry a = silent.start("a.png")) {
			a.update(2, 9);
		}
		assertEquals("", bytes.toString(StandardCharsets.UTF_8));
	}

	@Test
	void updatesFromTwoThreadsNeverInterleaveWithinALine() throws InterruptedException {
		ConsoleProgress progress = new ConsoleProgress(err, true);
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (String name : new String[] { "a.png", "b.png" }) {
			Thread t = new Thread(() -> {
				try (ConsoleProgress.Entry e = progress.start(name)) {
					go.await();
					for (int i = 1; i <= 500; i++) e.update(i, 500);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			t.start();
			threads.add(t);
		}
		go.countDown();
		for (Thread t : threads) t.join();
		for (String line : redraws())
			assertTrue(line.matches("((a|b)\\.png: tile \\d+/500( \\| (a|b)\\.png: tile \\d+/500)?)?\033\\[K"), line);
		assertEquals("\033[K", redraws().get(redraws().size() - 1));
	}
}

package org.mambaj.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.mambaj.image.Progress;

/**
 * Tiles done, on one line of the terminal's error stream rewritten in place: every image that is running has its
 * part of the line ({@code a.png: tile 3/9 | b.png: tile 1/4}), so images run at once do not overwrite each other.
 * Silent when the error stream is not a terminal (files, pipes).
 */
final class ConsoleProgress {

	private final PrintStream err;
	private final boolean enabled;
	private final List<Entry> running = new ArrayList<>(); // in the order the images started; guarded by this

	ConsoleProgress(PrintStream err, boolean enabled) {
		this.err = err;
		this.enabled = enabled;
	}

	static ConsoleProgress forTerminal(PrintStream err) {
		return new ConsoleProgress(err, System.console() != null);
	}

	/** One image's part of the line, from now until it is closed (also when its run fails). */
	Entry start(Object file) {
		Entry e = new Entry(String.valueOf(file));
		synchronized (this) {
			running.add(e);
		}
		return e;
	}

	private synchronized void redraw() {
		StringBuilder line = new StringBuilder("\r");
		for (Entry e : running) {
			if (e.total <= 1) continue; // one tile: nothing worth showing
			if (line.length() > 1) line.append(" | ");
			line.append(e.label).append(": tile ").append(e.done).append('/').append(e.total);
		}
		err.print(line.append("\033[K")); // \033[K: clear what a longer line left to the right
		err.flush();
	}

	final class Entry implements Progress, AutoCloseable {
		private final String label;
		private long done, total; // guarded by the ConsoleProgress

		private Entry(String label) {
			this.label = label;
		}

		@Override
		public void update(long done, long total) {
			if (!enabled || total <= 1) return;
			synchronized (ConsoleProgress.this) {
				this.done = done;
				this.total = total;
				redraw();
			}
		}

		@Override
		public void close() {
			synchronized (ConsoleProgress.this) {
				boolean shown = total > 1;
				running.remove(this);
				if (enabled && shown) redraw();
			}
		}
	}
}

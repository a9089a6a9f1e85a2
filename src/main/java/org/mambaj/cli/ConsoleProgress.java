package org.mambaj.cli;

import java.io.PrintStream;

import org.mambaj.image.Progress;

/** Tiles done, rewritten in place on the terminal's error stream; silent when output goes to files or pipes. */
final class ConsoleProgress implements Progress {

	private final PrintStream err;
	private final String label;

	private ConsoleProgress(PrintStream err, String label) {
		this.err = err;
		this.label = label;
	}

	static Progress forFile(PrintStream err, Object file) {
		return System.console() != null ? new ConsoleProgress(err, String.valueOf(file)) : Progress.NONE;
	}

	@Override
	public void update(long done, long total) {
		if (total <= 1) return;
		err.print("\r" + label + ": tile " + done + "/" + total + (done == total ? "\r\033[K" : ""));
		err.flush();
	}
}

package org.mambaj.image;

/** Progress reports and cancellation for long runs; the Fiji front-end maps it to its progress bar and Esc. */
public interface Progress {

	Progress NONE = new Progress() {};

	/** {@code done} of {@code total} work units finished. */
	default void update(long done, long total) {}

	/** Polled between tiles; a true answer stops the run with {@link CancelledException}. */
	default boolean isCancelled() {
		return false;
	}

	/** Thrown when a run was cancelled; nothing has been written by then. */
	final class CancelledException extends RuntimeException {
		public CancelledException() {
			super("cancelled");
		}
	}
}

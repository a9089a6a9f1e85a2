package org.mambaj.fiji.ij1;

import ij.IJ;

import org.mambaj.image.Progress;

/**
 * ImageJ's progress bar and Esc key for a run over several planes: plane {@code index} of {@code count}
 * fills its share of the bar tile by tile, and Esc cancels between tiles and planes.
 */
final class ImageJProgress implements Progress {

	private int count = 1;
	private int index;

	ImageJProgress() {
		IJ.resetEscape(); // an Esc pressed before this run must not cancel it
	}

	/** How many planes the run has. */
	void setCount(int count) {
		this.count = Math.max(1, count);
	}

	/** Starts plane {@code index} (0-based); throws when Esc was pressed meanwhile. */
	void startPlane(int index) {
		this.index = index;
		if (isCancelled()) throw new CancelledException();
		IJ.showProgress(index, count);
		IJ.showStatus("MambaJ: plane " + (index + 1) + "/" + count);
	}

	@Override
	public void update(long done, long total) {
		IJ.showProgress((index + (double) done / Math.max(1, total)) / count);
	}

	@Override
	public boolean isCancelled() {
		return IJ.escapePressed();
	}

	/** Clears the bar at the end of a run, whatever its outcome (the status line tells the outcome). */
	void finish() {
		IJ.showProgress(1.0);
	}
}

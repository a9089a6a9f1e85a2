package org.mambaj.fiji;

import org.mambaj.image.Progress;
import org.scijava.Cancelable;
import org.scijava.app.StatusService;

/** Reports tiles done on SciJava's status bar and stops when the command is cancelled. */
final class StatusProgress implements Progress {

	private final StatusService status;
	private final Cancelable command;
	private final String message;

	StatusProgress(StatusService status, Cancelable command, String message) {
		this.status = status;
		this.command = command;
		this.message = message;
	}

	@Override
	public void update(long done, long total) {
		if (status != null) status.showStatus((int) done, (int) total, message);
	}

	@Override
	public boolean isCancelled() {
		return command.isCanceled();
	}
}

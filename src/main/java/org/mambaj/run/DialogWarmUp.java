package org.mambaj.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.mambaj.zoo.ModelRegistry;

/**
 * The {@link WarmUp} of a command's dialog: warms the model and engine the dialog shows while the user looks at it,
 * again when the user picks others (the previous one is asked to stop); closing waits for the warm-up in flight, so
 * the real run has the network to itself. Only a dialog makes one: a macro or script runs once, and warming would
 * only delay it.
 */
public final class DialogWarmUp implements AutoCloseable {

	private final ModelRegistry registry;
	private final Consumer<String> status;
	private final List<WarmUp> started = new ArrayList<>();
	private String shown;
	private boolean closed;

	/** {@code status} shows "preparing ..." and "... is ready" to the user (the ImageJ or SciJava status bar). */
	public DialogWarmUp(ModelRegistry registry, Consumer<String> status) {
		this.registry = registry;
		this.status = status;
	}

	/**
	 * The dialog now shows {@code model} on {@code engine} (null: auto); warms it unless it is already warming, or the
	 * dialog was closed (the real run may have started).
	 */
	public synchronized void show(String model, String engine) {
		String e = engine == null ? "auto" : engine;
		if (closed || model == null || model.isBlank() || (model + "|" + e).equals(shown)) return;
		shown = model + "|" + e;
		for (WarmUp w : started) w.stop();
		status.accept("MambaJ: preparing " + model + " for the first run...");
		started.add(WarmUp.start(registry, RunOptions.of(model).withEngine(e), () -> status.accept("MambaJ: " + model +
			" is ready")));
	}

	/** How many warm-ups {@link #show} started. */
	public synchronized int started() {
		return started.size();
	}

	/** Whether the model last shown has had all its synthetic inferences. */
	public synchronized boolean ready() {
		return !started.isEmpty() && started.get(started.size() - 1).runs() == WarmUp.RUNS;
	}

	@Override
	public void close() {
		List<WarmUp> all;
		synchronized (this) {
			closed = true;
			all = List.copyOf(started);
		}
		for (WarmUp w : all) w.close();
	}
}

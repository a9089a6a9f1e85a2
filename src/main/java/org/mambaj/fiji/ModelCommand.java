package org.mambaj.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.mambaj.core.Parallel;
import org.mambaj.image.Progress;
import org.mambaj.image.Raster;
import org.mambaj.run.DialogWarmUp;
import org.mambaj.run.ModelRunner;
import org.mambaj.run.RunOptions;
import org.mambaj.zoo.ModelInfo;
import org.mambaj.zoo.ModelRegistry;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.thread.ThreadService;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * The parameters every model command shares, under the names a recorded macro uses. Subclasses do their
 * task in {@link #execute}; any problem cancels the command with a message naming it, and leaves the outputs
 * unset.
 */
public abstract class ModelCommand extends ContextCommand {

	@Parameter(label = "Image", persist = false)
	protected RandomAccessibleInterval<? extends RealType<?>> input;

	@Parameter(label = "Third axis is channels", required = false, description = "for (X, Y, C) images", persist = false)
	protected boolean channel_axis;

	@Parameter(label = "Model", description = "an installed model's name, or a model package folder or .zip", persist = false,
		callback = "modelOrEngineChanged")
	protected String model;

	@Parameter(label = "Engine", choices = { "auto", "tensorflow", "java" }, required = false, persist = false,
		callback = "modelOrEngineChanged")
	protected String engine = "auto";

	@Parameter(label = "Normalize", choices = { RunOptions.NORMALIZE_MODEL, RunOptions.NORMALIZE_PERCENTILE },
		required = false, description = "model: the package's own normalization; percentile: the low and high percentiles below", persist = false)
	protected String normalize = RunOptions.NORMALIZE_MODEL;

	@Parameter(label = "Low percentile", min = "0", max = "100", required = false, persist = false)
	protected double low = RunOptions.DEFAULT_LOW;

	@Parameter(label = "High percentile", min = "0", max = "100", required = false, persist = false)
	protected double high = RunOptions.DEFAULT_HIGH;

	@Parameter(label = "Tile size (0 = model default)", min = "0", required = false, persist = false)
	protected int tile;

	@Parameter(label = "Tile overlap (-1 = model default)", min = "-1", required = false, persist = false)
	protected int overlap = -1;

	@Parameter(visibility = ItemVisibility.INVISIBLE, required = false)
	protected MambaJService mambaj;

	@Parameter(required = false)
	protected StatusService status;

	@Parameter(required = false)
	protected LogService log;

	/** The SciJava thread queue where a dialog's model choices are checked and warmed, in the order typed. */
	static final String WARM_UP_QUEUE = "MambaJ dialog warm-up";

	@Parameter(required = false)
	protected ThreadService threads;

	/** Set by the first model the user picks in this command's dialog; null for every other run. */
	private DialogWarmUp warmUp;
	/** Set when {@link #run} starts: a choice still queued then is not warmed. */
	private boolean running;
	private Set<String> installed;

	/**
	 * Warms the model the user picked in this command's dialog while the dialog is still open. SciJava calls a
	 * parameter's callback only from the widget of an open dialog, when the user changes its value
	 * (DefaultWidgetModel.setValue); inputs a script or a headless run gives are never reported, so those runs never
	 * warm up. The text field reports every keystroke: only a complete installed name or an existing package warms.
	 * SciJava calls this on the event dispatch thread; the registry is read on a queue of its own.
	 */
	protected void modelOrEngineChanged() {
		String m = model, e = engine;
		Runnable check = () -> {
			DialogWarmUp w = namesAModel(m) ? warmUp() : null;
			if (w != null) w.show(m, e);
		};
		if (threads != null) threads.queue(WARM_UP_QUEUE, check);
		else check.run();
	}

	/** This dialog's warm-up, made on first use; null once the run started. */
	private synchronized DialogWarmUp warmUp() {
		if (running) return null;
		if (warmUp == null) warmUp = new DialogWarmUp(registry(), message -> {
			if (status != null) status.showStatus(message);
		});
		return warmUp;
	}

	/** The warm-up of this command's dialog, or null when no dialog asked for a model. */
	synchronized DialogWarmUp dialogWarmUp() {
		return warmUp;
	}

	private boolean namesAModel(String text) {
		if (text == null || text.isBlank()) return false;
		try {
			if (installed == null) { // read once per dialog, not at every keystroke
				installed = new HashSet<>();
				for (ModelInfo m : registry().list()) installed.add(m.name().toLowerCase(Locale.ROOT));
			}
			if (installed.contains(text.toLowerCase(Locale.ROOT))) return true;
			Path path = Path.of(text);
			return Files.isRegularFile(path.resolve("rdf.yaml")) || text.toLowerCase(Locale.ROOT).endsWith(".zip") &&
				Files.isRegularFile(path);
		}
		catch (IOException | RuntimeException e) {
			return false; // a text that is no model (yet): the run reports what is wrong with it
		}
	}

	@Override
	public final void run() {
		DialogWarmUp w;
		synchronized (this) {
			running = true;
			w = warmUp;
		}
		if (w != null) w.close(); // the run has the network to itself; a choice checked later is not warmed
		try {
			Raster plane = ImgPlanes.toRaster(input, channel_axis); // 8- and 16-bit images stay compact
			RunOptions options = new RunOptions(model, engine, normalize, low, high, tile, overlap);
			try (Parallel workers = new Parallel(MambaJService.threads())) {
				workers.call(() -> {
					execute(plane, options);
					return null;
				});
			}
		}
		catch (Progress.CancelledException e) {
			if (!isCanceled()) cancel("cancelled");
		}
		catch (IOException | RuntimeException e) {
			String message = e.getMessage() != null ? e.getMessage() : e.toString();
			if (log != null) log.error("MambaJ: " + message, e);
			cancel(message);
		}
		finally {
			if (status != null) status.clearStatus();
		}
		if (isCanceled()) clearOutputs();
	}

	/** Does the work; sets the outputs only once everything has succeeded. */
	protected abstract void execute(Raster image, RunOptions options) throws IOException;

	/** Sets every output back to null, so a cancelled run returns nothing. */
	protected abstract void clearOutputs();

	/** The runner on the context's registry (the JVM's shared one when the context has no MambaJ service). */
	protected ModelRunner runner() {
		return new ModelRunner(registry());
	}

	private ModelRegistry registry() {
		return mambaj != null ? mambaj.registry() : ModelRegistry.shared();
	}

	protected Progress progress(String message) {
		return new StatusProgress(status, this, message);
	}
}

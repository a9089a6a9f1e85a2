package org.mambaj.fiji.ij1;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.plugin.PlugIn;

import org.mambaj.core.Parallel;

import org.mambaj.image.Progress;
import org.mambaj.image.Raster;
import org.mambaj.io.ChannelMode;
import org.mambaj.run.DialogWarmUp;
import org.mambaj.run.ModelRunner;
import org.mambaj.run.RunOptions;
import org.mambaj.zoo.ModelInfo;
import org.mambaj.zoo.ModelRegistry;

/**
 * An ImageJ 1.x menu entry for one SciJava command: a dialog generated from the command's parameters, then
 * the shared {@link ModelRunner} on every plane of the current image. Nothing is created or changed until
 * every plane succeeded; errors and Esc leave the images as they were.
 */
abstract class CommandPlugin implements PlugIn {

	static final String TITLE = "MambaJ";

	/** Command parameters an ImageJ 1.x image answers itself: its axes say which are channels. */
	static final List<String> IMAGE_DETERMINED = List.of("channel_axis");

	/** The SciJava command whose parameters the dialog shows and whose pipeline runs. */
	abstract Class<?> command();

	/** The model task this entry runs: classification, segmentation or denoising. */
	abstract String task();

	/** The workers of this run, sized by Edit > Options > Memory & Threads; set while {@link #process} runs. */
	private Parallel workers;

	/** Runs the model on every plane and shows the results; called with the dialog's values. */
	abstract void process(ImagePlus image, Map<String, Object> values, RunOptions options, ImageJProgress progress)
		throws IOException;

	@Override
	public final void run(String arg) {
		ImageJProgress progress = null;
		try {
			ImagePlus image = WindowManager.getCurrentImage();
			if (image == null) throw new IllegalArgumentException("There is no image open.");
			checkType(image);
			Map<String, Object> values;
			try (DialogWarmUp warmUp = new DialogWarmUp(ModelRegistry.shared(), IJ::showStatus)) {
				values = dialog().ask(choices -> warmUp.show(choices.get("model"), choices.get("engine")));
			}
			if (values == null) return;
			RunOptions options = options(values);
			VectorNotice.once();
			progress = new ImageJProgress();
			long start = System.nanoTime();
			try (Parallel p = new Parallel(Prefs.getThreads())) {
				workers = p;
				process(image, values, options, progress);
			}
			finally {
				workers = null;
			}
			IJ.showStatus(String.format(java.util.Locale.ROOT, "%s: done in %.1f s", menuLabel(), (System.nanoTime() - start) / 1e9));
		}
		catch (Progress.CancelledException e) {
			IJ.showStatus("MambaJ: cancelled");
		}
		catch (OutOfMemoryError e) {
			IJ.outOfMemory(TITLE);
		}
		catch (IOException | RuntimeException e) {
			if (!Macro.MACRO_CANCELED.equals(e.getMessage())) error(e);
		}
		finally {
			if (progress != null) progress.finish();
		}
	}

	/** Options only the ImageJ 1.x entry has (ROI Manager, labels on the image), after the command's. */
	List<CommandParameters.Item> extraOptions() {
		return List.of();
	}

	ParameterDialog dialog() throws IOException {
		return new ParameterDialog(menuLabel(), command(), extraOptions(), Map.of("model", modelChoices()))
			.without(IMAGE_DETERMINED);
	}

	/** "MambaJ Segment" for SegmentPlugin. */
	String menuLabel() {
		return TITLE + " " + getClass().getSimpleName().replace("Plugin", "");
	}

	/**
	 * The installed models for this task; in a macro, a model given by path is added, so that it reaches the
	 * registry (and its own error message) instead of the dialog's "not a valid choice".
	 */
	List<String> modelChoices() throws IOException {
		List<String> names = new ArrayList<>();
		for (ModelInfo m : ModelRegistry.shared().list()) if (task().equals(m.task())) names.add(m.name());
		String requested = Macro.getOptions() == null ? null : Macro.getValue(Macro.getOptions(), "model", null);
		if (requested != null && !names.contains(requested)) names.add(requested);
		if (names.isEmpty()) throw new IllegalArgumentException("No " + task() + " model is installed. " +
			"Install one with Plugins > MambaJ > MambaJ Models... or give a package path (model=/path/to/package).");
		return names;
	}

	/** The run options under the names the SciJava commands use; absent ones take the model's defaults. */
	static RunOptions options(Map<String, Object> values) {
		RunOptions d = RunOptions.of(String.valueOf(values.get("model")));
		return new RunOptions(d.model(), string(values, "engine", d.engine()), string(values, "normalize", d.normalize().toString()),
			number(values, "low", d.low()), number(values, "high", d.high()), (int) number(values, "tile", d.tile()),
			(int) number(values, "overlap", d.overlap()));
	}

	/** Whether the model takes the image's channels together (3-channel models on 3-channel images). */
	static boolean groupsChannels(ImagePlus image, RunOptions options) throws IOException {
		ChannelMode mode = ModelRegistry.shared().predictor(options.model(), options.engine()).channelMode();
		return mode != ChannelMode.GREY && image.getNChannels() == 3;
	}

	static ModelRunner runner() {
		return new ModelRunner(ModelRegistry.shared());
	}

	/**
	 * Runs {@code step} on every plane, with progress and Esc; the results in position order. The steps run on
	 * this run's workers (the user's thread count); everything touching windows stays on the caller's thread.
	 */
	<R> List<R> eachPlane(HyperstackPlanes planes, ImageJProgress progress, PlaneStep<R> step) throws IOException {
		List<R> results = new ArrayList<>();
		List<HyperstackPlanes.Position> positions = planes.positions();
		progress.setCount(positions.size());
		for (int i = 0; i < positions.size(); i++) {
			progress.startPlane(i);
			Raster plane = planes.read(positions.get(i));
			HyperstackPlanes.Position position = positions.get(i);
			results.add(workers.call(() -> step.apply(plane, position)));
		}
		if (progress.isCancelled()) throw new Progress.CancelledException();
		return results;
	}

	interface PlaneStep<R> {
		R apply(Raster plane, HyperstackPlanes.Position position) throws IOException;
	}

	/** Indexed-colour images hold LUT indices, not intensities: refuse them rather than guess. */
	private static void checkType(ImagePlus image) {
		boolean indexed = image.getType() == ImagePlus.COLOR_256 || image.getBitDepth() == 8 && !image.isComposite() &&
			image.getProcessor().isColorLut() && !image.getProcessor().isPseudoColorLut(); // Fire etc. are fine
		if (indexed) throw new IllegalArgumentException(image.getTitle() +
			" is an 8-bit colour (indexed) image, which MambaJ does not support; convert it with Image > Type > RGB Color.");
	}

	/** The problem's own message; for unexpected exceptions (bugs) also the stack trace, in the Log. */
	static void error(Exception e) {
		String message = e.getMessage() != null ? e.getMessage() : e.toString();
		if (!(e instanceof IllegalArgumentException || e instanceof IOException || e instanceof IllegalStateException)) {
			message = e.getClass().getSimpleName() + ": " + message;
			java.io.StringWriter trace = new java.io.StringWriter();
			e.printStackTrace(new java.io.PrintWriter(trace));
			IJ.log(trace.toString());
		}
		// Without an ImageJ window (ImageJ -batch on a server) any error dialog, IJ.error's or the macro
		// interpreter's, would wait forever for a click: the message goes to the Log (standard output there) and
		// the macro stops quietly, as it stops after the dialog in the GUI.
		if (IJ.getInstance() == null && IJ.isMacro()) {
			IJ.log(TITLE + ": " + message);
			ij.macro.Interpreter.abort(); // stops the running macro without the interpreter's own error dialog
			return;
		}
		IJ.error(TITLE, message);
	}

	static String baseTitle(ImagePlus image) {
		String t = image.getShortTitle();
		return t == null || t.isEmpty() ? "image" : t;
	}

	private static String string(Map<String, Object> values, String key, String otherwise) {
		Object v = values.get(key);
		return v == null ? otherwise : String.valueOf(v);
	}

	private static double number(Map<String, Object> values, String key, double otherwise) {
		return values.get(key) instanceof Number n ? n.doubleValue() : otherwise;
	}
}

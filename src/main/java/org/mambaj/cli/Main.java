package org.mambaj.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mambaj.core.OneThreadPools;
import org.mambaj.core.Parallel;
import org.mambaj.run.About;
import org.mambaj.run.ModelRunner;
import org.mambaj.zoo.CheckpointPackager;
import org.mambaj.zoo.ModelInfo;
import org.mambaj.zoo.ModelListing;
import org.mambaj.zoo.ModelRegistry;
import org.mambaj.zoo.NnUNetPackager;
import org.mambaj.io.nnunet.NnUNetResults;

/**
 * MambaJ on the command line, without a display: classify, segment or denoise image files or folders, and
 * list, install or validate models. Prints one line per image; exits with 0 when everything worked, 1 when
 * an image or model failed, 2 for a wrong command line, 130 when interrupted (Ctrl+C; temporary files are removed).
 */
public final class Main {

	static final String USAGE = String.join("\n",
		"usage: mambaj COMMAND [options] [IMAGE_OR_FOLDER...]",
		"commands:",
		"  classify|segment|denoise --model NAME_OR_PATH IMAGES...   run a model on images or folders of images",
		"  validate --model NAME_OR_PATH                              check a model reproduces its test outputs",
		"  models                                                     list the installed models",
		"  install PACKAGE_FOLDER_OR_ZIP                              validate and install a model package",
		"  install CHECKPOINT.pth|.safetensors --arch NAME --name NAME [--config FILE.json|yaml] [--authors A,B]",
		"          [--license L] [--task T] [--test-input X.npy]     package a published checkpoint and install it",
		"  install NNUNET_RESULTS_FOLDER [--fold N] [--checkpoint final|best] [--mirror on|off] [--name NAME]",
		"                                                             install an nnU-Net v2 trained model (U-Mamba)",
		"  about (or --version)                                       version, engine, kernels, threads, models",
		"options:",
		"  --engine auto|tensorflow|java   --tile N (0 = model default)   --overlap N (-1 = model default)",
		"  --normalize model|percentile   --low P --high P   (percentiles for --normalize percentile)",
		"  --kind auto|mask|labels|probabilities (segment)   --output DIR (write TIFFs there; classify writes classes.tsv)",
		"  --threads N (default: one per core)",
		"exit status: 0 all done, 1 an image or model failed, 2 a wrong command line, 130 interrupted (Ctrl+C)");

	private final PrintStream out, err;
	private final ModelRegistry registry;

	Main(ModelRegistry registry, PrintStream out, PrintStream err) {
		this.registry = registry;
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		System.exit(new Main(ModelRegistry.shared(), System.out, System.err).run(args));
	}

	/** Runs one command line; returns the exit status. */
	int run(String... args) {
		CliArguments a;
		try {
			a = CliArguments.parse(args);
			ImageCommand image = ImageCommand.named(a.command());
			if (image != null) return images(a, image);
			return switch (a.command()) {
				case "validate" -> validate(a);
				case "models" -> list();
				case "install" -> install(a);
				case "about", "--version", "version" -> {
					out.print(About.text(registry, a.threads(), "--threads"));
					yield 0;
				}
				case "help", "--help", "-h" -> {
					out.println(USAGE);
					yield 0;
				}
				default -> throw new CliArguments.UsageException("unknown command '" + a.command() + "'");
			};
		}
		catch (CliArguments.UsageException e) {
			err.println("mambaj: " + e.getMessage());
			err.println(USAGE);
			return 2;
		}
		catch (IOException | RuntimeException e) {
			err.println("mambaj: error: " + message(e));
			return 1;
		}
	}

	/** Runs the images on a pool of --threads workers. */
	private int images(CliArguments a, ImageCommand command) throws IOException {
		try (Parallel workers = new Parallel(a.threads())) {
			return workers.call(() -> processImages(a, command));
		}
	}

	private int processImages(CliArguments a, ImageCommand command) throws IOException {
		if (a.inputs().isEmpty()) throw new CliArguments.UsageException(a.command() + " needs images or folders of images");
		ImageTask task = new ImageTask(command, new ModelRunner(registry), a.runOptions(), a.kind(), a.outputFolder(),
			ConsoleProgress.forTerminal(err));
		List<Path> files = ImageFiles.expand(a.inputs());
		if (files.isEmpty()) throw new IllegalArgumentException("no images (" + ImageFiles.EXTENSIONS + ") in " + a.inputs());
		// what would fail only after all the inference is refused now
		if (a.outputFolder() != null) {
			OutputFolder.prepare(a.outputFolder());
			if (command != ImageCommand.CLASSIFY) ImageFiles.requireDistinctResults(files);
		}
		StringBuilder lines = new StringBuilder();
		int failures = eachImage(files, task::process, lines, imagesAtOnce(a, files.size()));
		// classification's only result is its lines: kept as a table beside the images' results
		if (command == ImageCommand.CLASSIFY && a.outputFolder() != null && lines.length() > 0)
			AtomicFiles.writeText(lines.toString(), a.outputFolder().resolve("classes.tsv"));
		return failures == 0 ? 0 : 1;
	}

	/**
	 * How many images of a batch run at once, each on one thread: the thread count where the model runs on the
	 * caller's threads (two inferences at once on one thread each: 1.9-2.2x one, against 1.5x for one split over two
	 * threads; BENCHMARKS.md, "Two threads"), else 1 (TensorFlow has threads of its own). A model that does not load
	 * gives 1: each image then reports the error, as before.
	 */
	private int imagesAtOnce(CliArguments a, int images) {
		if (a.threads() < 2 || images < 2) return 1;
		try {
			return registry.predictor(a.runOptions().model(), a.runOptions().engine()).model().usesCallersThreads()
				? Math.min(a.threads(), images) : 1;
		}
		catch (IOException | RuntimeException e) {
			return 1;
		}
	}

	/** One image's work: the line to print. */
	interface ImageWork {
		String process(Path file) throws IOException;
	}

	/** What one image gave: its line, or the error to report (and whether it was running out of memory). */
	private record Outcome(String line, String error, boolean outOfMemory) {}

	/**
	 * Runs {@code work} on each file, {@code atOnce} files at a time (each on one thread), printing the lines (and
	 * adding them to {@code lines}) or errors in the files' order; a failure, even running out of memory, does not
	 * stop the batch. An image that ran out of memory beside others is tried again alone. Returns the number of
	 * failures.
	 */
	int eachImage(List<Path> files, ImageWork work, StringBuilder lines, int atOnce) throws InterruptedIOException {
		int failures = 0;
		try (OneThreadPools pools = new OneThreadPools(atOnce)) {
			for (int first = 0; first < files.size(); first += atOnce) {
				List<Path> batch = files.subList(first, Math.min(files.size(), first + atOnce));
				List<Outcome> outcomes = batch.size() == 1 ? List.of(attempt(batch.get(0), work)) : together(pools, batch, work);
				for (int i = 0; i < batch.size(); i++) {
					Outcome o = outcomes.get(i);
					if (o.outOfMemory() && batch.size() > 1) o = attempt(batch.get(i), work); // the others' memory is free now
					if (o.error() == null) {
						lines.append(o.line()).append('\n');
						out.println(o.line());
					}
					else {
						failures++;
						err.println("mambaj: " + batch.get(i) + ": " + o.error());
					}
				}
			}
		}
		return failures;
	}

	private List<Outcome> together(OneThreadPools pools, List<Path> batch, ImageWork work) throws InterruptedIOException {
		List<Parallel.Task<Outcome>> tasks = new ArrayList<>();
		for (Path file : batch) tasks.add(() -> attempt(file, work));
		try {
			return pools.runAll(tasks);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while " + batch.size() + " images ran");
		}
		catch (IOException e) { // attempt reports every failure as an outcome
			throw new IllegalStateException(e);
		}
	}

	private Outcome attempt(Path file, ImageWork work) {
		try {
			return new Outcome(work.process(file), null, false);
		}
		catch (IOException | RuntimeException e) {
			return new Outcome(null, message(e), false);
		}
		catch (OutOfMemoryError e) {
			// what this image allocated is garbage now: report it and go on with the rest of the batch
			return new Outcome(null, "out of memory (Java heap maximum " + (Runtime.getRuntime().maxMemory() >> 20) +
				" MB); give Java more with MAMBAJ_JAVA_OPTS=-Xmx<size>, or use a smaller --tile", true);
		}
	}

	private int validate(CliArguments a) throws IOException {
		String model = a.options().containsKey("model") || a.inputs().isEmpty() ? a.model() : a.inputs().get(0).toString();
		double error = registry.validate(model, a.option("engine", "auto"));
		out.println(String.format(Locale.ROOT, "%s\tvalid\trelative max error %.2g", model, error));
		return 0;
	}

	private int list() throws IOException {
		out.print(ModelListing.text(registry));
		return 0;
	}

	private int install(CliArguments a) throws IOException {
		String from = a.options().containsKey("model") || a.inputs().isEmpty() ? a.model() : a.inputs().get(0).toString();
		if (NnUNetResults.isResultsFolder(Path.of(from))) {
			String authors = a.option("authors", "");
			ModelInfo m = NnUNetPackager.install(new NnUNetPackager.Request(Path.of(from), a.option("fold", null),
				a.option("checkpoint", null), a.option("name", null), authors.isBlank() ? List.of() :
				List.of(authors.split("\\s*,\\s*")), a.option("license", null), mirror(a)), registry);
			out.println("installed\t" + m.name() + "\t" + m.location());
			return 0;
		}
		ModelInfo m = a.options().containsKey("arch") ? CheckpointPackager.install(checkpointRequest(Path.of(from), a),
			registry) : registry.install(Path.of(from));
		out.println("installed\t" + m.name() + "\t" + m.location());
		return 0;
	}

	private static boolean mirror(CliArguments a) {
		String v = a.option("mirror", "off");
		if (!v.equals("on") && !v.equals("off")) throw new CliArguments.UsageException("--mirror must be on or off, got '" + v + "'");
		return v.equals("on");
	}

	private static CheckpointPackager.Request checkpointRequest(Path checkpoint, CliArguments a) {
		String authors = a.option("authors", "");
		String config = a.option("config", null), testInput = a.option("test-input", null);
		return new CheckpointPackager.Request(checkpoint, a.option("arch", null), config == null ? null : Path.of(config),
			a.option("name", null), authors.isBlank() ? List.of() : List.of(authors.split("\\s*,\\s*")),
			a.option("license", null), testInput == null ? null : Path.of(testInput), a.option("task", null),
			a.option("description", null));
	}

	private static String message(Throwable e) {
		return e.getMessage() != null ? e.getMessage() : e.toString();
	}
}

package org.mambaj.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mambaj.run.RunOptions;
import org.mambaj.run.SegmentOutput;

/** The command line: a command, {@code --name value} options and input paths. */
record CliArguments(String command, Map<String, String> options, List<Path> inputs) {

	static final Set<String> OPTIONS = Set.of("model", "engine", "normalize", "low", "high", "tile", "overlap",
		"output", "kind", "threads", "arch", "config", "name", "authors", "license", "test-input", "task",
		"description", "fold", "checkpoint", "mirror");

	static CliArguments parse(String... args) {
		if (args.length == 0) throw new UsageException("no command given");
		Map<String, String> options = new HashMap<>();
		List<Path> inputs = new ArrayList<>();
		for (int i = 1; i < args.length; i++) {
			String a = args[i];
			if (a.startsWith("--")) {
				String name = a.substring(2), value = null;
				int eq = name.indexOf('=');
				if (eq >= 0) {
					value = name.substring(eq + 1);
					name = name.substring(0, eq);
				}
				if (!OPTIONS.contains(name)) throw new UsageException("unknown option --" + name);
				if (value == null) {
					if (i + 1 >= args.length) throw new UsageException("option --" + name + " needs a value");
					value = args[++i];
				}
				options.put(name, value);
			}
			else inputs.add(Path.of(a));
		}
		return new CliArguments(args[0], options, inputs);
	}

	String option(String name, String fallback) {
		return options.getOrDefault(name, fallback);
	}

	String model() {
		String m = options.get("model");
		if (m == null) throw new UsageException(command + " needs --model NAME_OR_PATH");
		return m;
	}

	RunOptions runOptions() {
		return new RunOptions(model(), option("engine", "auto"), option("normalize", RunOptions.NORMALIZE_MODEL),
			number("low", RunOptions.DEFAULT_LOW), number("high", RunOptions.DEFAULT_HIGH),
			(int) number("tile", 0), (int) number("overlap", -1));
	}

	/** --threads N: the worker count (default: one per core, or -Dmambaj.threads). */
	int threads() {
		double t = number("threads", org.mambaj.core.Parallel.standard().size());
		if (t < 1 || t != Math.rint(t)) throw new UsageException("--threads must be a whole number of at least 1, got '" +
			options.get("threads") + "'");
		return (int) t;
	}

	SegmentOutput kind() {
		return SegmentOutput.of(option("kind", SegmentOutput.AUTO.key()));
	}

	/** The output folder, or null for none (then only the printed lines are produced). */
	Path outputFolder() {
		String o = options.get("output");
		return o == null ? null : Path.of(o);
	}

	private double number(String name, double fallback) {
		String v = options.get(name);
		if (v == null) return fallback;
		try {
			return Double.parseDouble(v);
		}
		catch (NumberFormatException e) {
			throw new UsageException("--" + name + " must be a number, got '" + v + "'");
		}
	}

	/** A mistake in the command line itself. */
	static final class UsageException extends IllegalArgumentException {
		UsageException(String message) {
			super(message);
		}
	}
}

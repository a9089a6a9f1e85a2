package org.mambaj.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;

/**
 * The command line run in-process, as the tests of cli/ need it: a model registry of its own (bundled models
 * extracted under {@code cache}, installed ones under {@code user}) and the output of every run kept.
 */
final class CliSession implements AutoCloseable {

	final ModelRegistry registry;
	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	CliSession(Path cache, Path user) {
		registry = new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(), cache), user);
	}

	/** A session whose registry lives in {@code folder}/cache and {@code folder}/user. */
	static CliSession in(Path folder) {
		return new CliSession(folder.resolve("cache"), folder.resolve("user"));
	}

	Main main() {
		return new Main(registry, new PrintStream(out, true, StandardCharsets.UTF_8),
			new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	int run(String... args) {
		return main().run(args);
	}

	/** Standard output of all runs so far. */
	String out() {
		return out.toString(StandardCharsets.UTF_8);
	}

	/** Standard error of all runs so far. */
	String err() {
		return err.toString(StandardCharsets.UTF_8);
	}

	/** Forgets the output so far. */
	void clear() {
		out.reset();
		err.reset();
	}

	@Override
	public void close() {
		registry.close();
	}
}

package org.mambaj.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.mambaj.io.FileTrees;

/**
 * A bounded, seeded fuzz loop: each case writes a mutant of a seed file into a fresh folder, runs the target on
 * it, and judges the outcome. A case passes when the target returns (its own checks of the result passed) or
 * throws an Exception whose message names the input; it fails on any Error (OutOfMemoryError,
 * StackOverflowError...), on an exception without a clear message, on a hang, or when a file appears outside
 * the case's folder. The counts are kept for the README's reliability section.
 */
public final class Fuzzer {

	/** What a target does with one mutant. */
	public interface Target {
		void run(Path input) throws Exception;
	}

	/** Fills a case folder with what the mutant needs beside it (the rest of a package). */
	public interface Setup {
		void fill(Path folder) throws IOException;
	}

	/** Counts of one campaign: cases run, results accepted, inputs refused with a clear exception, failures. */
	public record Counts(String name, int cases, int accepted, int refused, List<String> failures) {
		@Override
		public String toString() {
			return String.format("%s: %d cases, %d accepted, %d refused with a clear error, %d failures", name, cases,
				accepted, refused, failures.size());
		}
	}

	/** Cases for a target whose CI default is {@code ci}: {@code -Dmambaj.fuzz.scale=40} runs 40 times as many. */
	public static int cases(int ci) {
		return ci * Integer.getInteger("mambaj.fuzz.scale", 1);
	}

	public static long seed() {
		return Long.getLong("mambaj.fuzz.seed", 20261127L);
	}

	private Fuzzer() {}

	/**
	 * Runs {@code cases} mutants of {@code seedFile} (named {@code fileName} in each case folder) through
	 * {@code target}; {@code textEnd} is how many leading bytes are text worth mutating most.
	 */
	public static Counts run(String name, byte[] seedFile, int textEnd, String fileName, int cases, Path work,
		Path watched, Target target) throws IOException {
		return run(name, seedFile, textEnd, fileName, cases, work, watched, folder -> { }, target);
	}

	public static Counts run(String name, byte[] seedFile, int textEnd, String fileName, int cases, Path work,
		Path watched, Setup setup, Target target) throws IOException {
		int accepted = 0, refused = 0;
		List<String> failures = new ArrayList<>();
		ExecutorService runner = daemon(name);
		List<String> watchedBefore = listing(watched);
		try {
			for (int i = 0; i < cases; i++) {
				long caseSeed = seed() * 1_000_003L + i;
				Path folder = Files.createDirectories(work.resolve(name + "-" + i));
				setup.fill(folder);
				Path input = folder.resolve(fileName);
				Files.write(input, Mutator.mutate(seedFile, new Random(caseSeed), textEnd));
				String label = name + " case " + i + " (seed " + caseSeed + ")";
				Future<?> f = runner.submit(() -> {
					target.run(input);
					return null;
				});
				try {
					f.get(30, TimeUnit.SECONDS);
					accepted++;
				}
				catch (TimeoutException e) {
					f.cancel(true);
					failures.add(label + ": no answer within 30 s");
					runner.shutdownNow();
					runner = daemon(name);
				}
				catch (java.util.concurrent.ExecutionException e) {
					Throwable t = e.getCause();
					if (t instanceof Error) failures.add(label + ": " + t);
					else if (t.getMessage() == null || !t.getMessage().contains(input.getParent().getFileName().toString()))
						failures.add(label + ": unclear error " + t);
					else refused++;
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new IOException("interrupted", e);
				}
				if (!listing(watched).equals(watchedBefore)) {
					failures.add(label + ": left files in " + watched + ": " + listing(watched));
					watchedBefore = listing(watched);
				}
				FileTrees.delete(folder);
			}
		}
		finally {
			runner.shutdownNow();
		}
		return new Counts(name, cases, accepted, refused, failures);
	}

	/** A single thread that does not keep the JVM alive if a case hangs in it. */
	private static ExecutorService daemon(String name) {
		return Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "fuzz-" + name);
			t.setDaemon(true);
			return t;
		});
	}

	/** The temporary MambaJ files in a folder (extractions, partial writes). */
	private static List<String> listing(Path folder) throws IOException {
		if (folder == null || !Files.isDirectory(folder)) return List.of();
		try (var s = Files.list(folder)) {
			String mine = "mambaj-package-" + ProcessHandle.current().pid() + "-"; // not other processes' on the machine
			return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(mine) || n.contains(".part-"))
				.sorted().toList();
		}
	}
}

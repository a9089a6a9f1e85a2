package org.mambaj.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM with a class path in an order the test chooses (the order is what Fiji's launcher would give),
 * run to completion with a time limit; its stdout and stderr together.
 */
public final class ForkedJava {

	public record Result(int exitCode, String output) {}

	private ForkedJava() {}

	/** The class path in the given order, as one string; every entry must exist. */
	public static String classPath(List<Path> entries) {
		List<String> s = new ArrayList<>();
		for (Path p : entries) {
			if (!Files.exists(p)) fail("class path entry missing: " + p + " (run `mvn verify`, which prepares it)");
			s.add(p.toString());
		}
		return String.join(File.pathSeparator, s);
	}

	/** Entries of a file written by maven-dependency-plugin's build-classpath. */
	public static List<Path> readClassPathFile(Path file) throws IOException {
		if (!Files.isRegularFile(file)) fail("missing " + file + " (written by `mvn verify` before the integration tests)");
		List<Path> entries = new ArrayList<>();
		for (String e : Files.readString(file).strip().split(File.pathSeparator)) if (!e.isBlank()) entries.add(Path.of(e));
		return entries;
	}

	public static Result run(List<String> jvmArgs, String classPath, String mainClass, List<String> args, Path workDir,
		long timeoutSeconds) throws IOException, InterruptedException
	{
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		command.add("-cp");
		command.add(classPath);
		command.add(mainClass);
		command.addAll(args);
		Path log = Files.createTempFile(workDir, "forked", ".log");
		ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
		Process p = pb.start();
		if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			p.destroyForcibly().waitFor();
			fail("the forked JVM did not finish in " + timeoutSeconds + " s: " + command + "\n" +
				Files.readString(log, StandardCharsets.UTF_8));
		}
		return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
	}
}

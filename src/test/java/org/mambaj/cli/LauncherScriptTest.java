package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./mambaj} script builds once after a source change, not on every later run. It runs on a copy of the
 * script with stand-ins for mvn, jar and java on the PATH; the stand-in mvn, like maven-dependency-plugin, leaves
 * an existing class-path file untouched (which made every run after a source change rebuild, about 10 s).
 */
class LauncherScriptTest {

	@Test
	void buildsOnceAfterASourceChange(@TempDir Path dir) throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
		Path script = dir.resolve("mambaj");
		Files.copy(Path.of("mambaj"), script);
		Path source = dir.resolve("src/main/java/A.java");
		Files.createDirectories(source.getParent());
		Files.writeString(source, "class A {}");
		Files.writeString(dir.resolve("pom.xml"), "<project/>");
		Path bin = Files.createDirectories(dir.resolve("bin")), calls = dir.resolve("mvn-calls");
		stub(bin.resolve("mvn"), "echo build >> '" + calls + "'\nmkdir -p target/classes\n" +
			"for a in \"$@\"; do case $a in -Dmdep.outputFile=*) f=${a#-Dmdep.outputFile=}; [ -f \"$f\" ] || echo lib.jar > \"$f\";; esac; done");
		stub(bin.resolve("jar"), "touch \"$2\"");
		stub(bin.resolve("java"), "exit 0");

		run(dir, bin, script); // first run: no class path yet, builds
		assertEquals(1, builds(calls));
		Path classPath = dir.resolve("target/mambaj.classpath");
		Instant now = Instant.now();
		Files.setLastModifiedTime(classPath, FileTime.from(now.minusSeconds(60)));
		Files.setLastModifiedTime(source, FileTime.from(now.minusSeconds(30))); // edited after that build
		run(dir, bin, script);
		assertEquals(2, builds(calls), "a source newer than the last build builds again");
		run(dir, bin, script);
		run(dir, bin, script);
		assertEquals(2, builds(calls), "later runs use that build");
	}

	private static void stub(Path file, String body) throws IOException {
		Files.writeString(file, "#!/bin/sh\n" + body + "\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	private static void run(Path dir, Path bin, Path script) throws Exception {
		ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", script.toString(), "about")).directory(dir.toFile())
			.redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
		pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
		Process p = pb.start();
		if (!p.waitFor(60, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("./mambaj did not finish in 60 s");
		}
		assertEquals(0, p.exitValue(), "./mambaj failed: " + Files.readString(dir.resolve("out.txt")));
	}

	private static int builds(Path calls) throws IOException {
		return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
	}
}

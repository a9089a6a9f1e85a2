package org.mambaj.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mambaj.testing.ForkedJava;

/**
 * MambaJ as installed in Fiji (its jar and what Fiji already has, no TensorFlow Java) on one class path with
 * TensorFlow 1.15 as the CSBDeep/StarDist update sites install it (org.tensorflow:libtensorflow and
 * libtensorflow_jni 1.15.0), in both orders: a TensorFlow 1.x graph runs, MambaJ segments on its default
 * engine, an explicit engine=tensorflow is refused with a reason instead of touching 1.15's classes, and the
 * graph still runs afterwards. Each order is its own JVM, as each Fiji start is.
 */
class TensorFlow1CoexistenceIT {

	static final Path TARGET = Path.of(System.getProperty("mambaj.target", "target"));

	@TempDir
	Path tmp;

	@ParameterizedTest(name = "{0} first")
	@ValueSource(strings = { "MambaJ", "TensorFlow 1.15" })
	void stardistStyleGraphAndMambaJBothWork(String first) throws Exception {
		List<Path> mambaj = new ArrayList<>();
		mambaj.add(Path.of(System.getProperty("mambaj.jar")));
		mambaj.addAll(ForkedJava.readClassPathFile(TARGET.resolve("fiji-runtime.classpath")));
		List<Path> tf1;
		try (Stream<Path> jars = Files.list(TARGET.resolve("tensorflow-1.15"))) {
			tf1 = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
		}
		assertEquals(2, tf1.size(), "libtensorflow and libtensorflow_jni 1.15.0: " + tf1);
		for (Path p : mambaj) assertTrue(!p.toString().contains("/org/tensorflow/"), "TensorFlow Java in Fiji's set: " + p);
		List<Path> order = new ArrayList<>(first.equals("MambaJ") ? mambaj : tf1);
		order.addAll(first.equals("MambaJ") ? tf1 : mambaj);
		order.add(TARGET.resolve("test-classes")); // the driver and the tiny test model writer
		// stock Fiji: no vector module, no TensorFlow Java
		ForkedJava.Result r = ForkedJava.run(List.of("-Djava.awt.headless=true", "-Duser.home=" + tmp),
			ForkedJava.classPath(order), Tf1CoexistenceMain.class.getName(), List.of(), tmp, 300);
		String out = r.output();
		assertEquals(0, r.exitCode(), out);
		assertTrue(out.contains("libtensorflow-1.15.0.jar"), "Graph must come from TensorFlow 1.15: " + out);
		assertTrue(out.contains("tf1 version 1.15.0"), out);
		assertTrue(out.contains("tf1 graph [4.0, 6.0]"), out);
		assertTrue(out.contains("mambaj engine=auto labels 48x40"), out);
		assertTrue(out.contains("mambaj engine=java labels 48x40"), out);
		assertTrue(out.contains("mambaj engine=tensorflow refused: TensorFlow engine requested but TensorFlow cannot be used: " +
			"ClassNotFoundException: TensorFlow Java 1.0"), out);
		assertTrue(out.contains("tf1 graph again [4.0, 6.0]"), out);
		assertTrue(out.contains("COEXISTENCE OK"), out);
	}
}

package org.mambaj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The package layering of src/main, read from the sources: a package uses only packages below it, and the
 * UI-free pipeline (image/, run/) never names an ImageJ type, so that it runs without ImageJ and its adapters
 * live with the front doors that need them (fiji/, and cli/ through fiji's ImageJ 1.x adapters).
 */
class LayeringTest {

	/** Lowest first; a subpackage (io.nnunet, fiji.ij1) belongs to its top-level package's layer. */
	static final List<String> LAYERS = List.of("core", "io", "nn", "models", "image", "zoo", "run", "fiji", "cli");
	/** Packages that must not name ImageJ 1.x ({@code ij.*}) or ImageJ2 ({@code net.imagej.*}) types. */
	static final List<String> IMAGEJ_FREE = List.of("image", "run");

	private static final Pattern MAMBAJ_IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?org\\.mambaj\\.(\\w+)",
		Pattern.MULTILINE);
	/** An import of, or a fully qualified name in, ij.* or net.imagej.* (not in comments, which are stripped first). */
	private static final Pattern IMAGEJ_NAME = Pattern.compile("(?<![\\w.])(?:ij|net\\.imagej)(?:\\.\\w+)+");
	private static final Path MAIN = Path.of("src/main/java/org/mambaj");

	@Test
	void everyPackageUsesOnlyPackagesBelowIt() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Path file : sources()) problems.addAll(problems(packageOf(file), MAIN.relativize(file).toString(),
			Files.readString(file)));
		assertEquals(List.of(), problems);
	}

	@Test
	void theCheckSeesViolations() {
		String upward = "package org.mambaj.image;\nimport org.mambaj.run.RunOptions;\nimport org.mambaj.core.Tensor;\n";
		assertEquals(List.of("image/A.java imports org.mambaj.run (a layer above image)"),
			problems("image", "image/A.java", upward));
		String imagej = "package org.mambaj.run;\nimport java.util.List;\nimport ij.ImagePlus;\n";
		assertEquals(List.of("run/A.java names ImageJ type ij.ImagePlus (run/ must stay free of ImageJ)"),
			problems("run", "run/A.java", imagej));
		String qualified = "class A { net.imagej.Dataset d; ij.measure.Calibration c; }";
		assertEquals(2, problems("image", "image/A.java", qualified).size());
		String unknown = "package org.mambaj.gui;\n";
		assertEquals(List.of("gui/A.java is in package gui, which LayeringTest.LAYERS does not place"),
			problems("gui", "gui/A.java", unknown));
		String fine = "// ij.ImagePlus in a comment\n/** {@link ij.ImagePlus} */\nimport org.mambaj.io.Npy;\nclass A { String s = \"x\"; }";
		assertEquals(List.of(), problems("image", "image/A.java", fine));
		assertEquals(List.of(), problems("fiji", "fiji/A.java", "import ij.ImagePlus;\nimport org.mambaj.run.RunOptions;\n"));
	}

	@Test
	void theTreeIsWhereTheTestLooks() throws IOException {
		assertTrue(sources().size() > 100, "found only " + sources().size() + " sources under " + MAIN.toAbsolutePath());
	}

	static List<String> problems(String pkg, String name, String source) {
		List<String> problems = new ArrayList<>();
		int layer = LAYERS.indexOf(pkg);
		if (layer < 0) return List.of(name + " is in package " + pkg + ", which LayeringTest.LAYERS does not place");
		String code = JavaSource.withoutComments(source);
		Matcher m = MAMBAJ_IMPORT.matcher(code);
		while (m.find()) {
			int used = LAYERS.indexOf(m.group(1));
			if (used > layer || used < 0) problems.add(name + " imports org.mambaj." + m.group(1) + " (" +
				(used < 0 ? "a package LayeringTest.LAYERS does not place" : "a layer above " + pkg) + ")");
		}
		if (IMAGEJ_FREE.contains(pkg)) {
			Matcher ij = IMAGEJ_NAME.matcher(code);
			while (ij.find()) problems.add(name + " names ImageJ type " + ij.group() + " (" + pkg +
				"/ must stay free of ImageJ)");
		}
		return problems;
	}

	private static String packageOf(Path file) {
		return MAIN.relativize(file).getName(0).toString();
	}

	private static List<Path> sources() throws IOException {
		try (Stream<Path> files = Files.walk(MAIN)) {
			return files.filter(f -> f.toString().endsWith(".java") && f.getNameCount() > MAIN.getNameCount() + 1).toList();
		}
	}
}

package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mambaj.JavaSource;

/**
 * The vector kernels never let the Vector API look a species up (reinterpretAsInts(), reinterpretAsFloats(),
 * convert, viewAs..., withLanes; reinterpretShape, convertShape and castShape take theirs): where C2 compiles a
 * kernel before that lookup's cache is filled, the operation runs lane by lane in Java, allocating, and VM-UNet took
 * 20% longer in about half of all JVMs (BENCHMARKS.md, session 13). Reinterpret through {@link VectorMath#bits} and
 * {@link VectorMath#floats} instead. Read from the sources, as {@code LayeringTest} does: whether the trap strikes
 * depends on JIT timing, so a run could not show it reliably.
 */
class VectorSpeciesLookupTest {

	private static final Pattern LOOKUP = Pattern.compile(
		"\\.(reinterpretAs\\w+|convert|viewAs\\w+|withLanes|withShape)\\(");

	@Test
	void kernelsNameTheirSpecies() throws IOException {
		List<String> found = new ArrayList<>();
		try (Stream<Path> files = Files.list(Path.of("src/main/java/org/mambaj/core"))) {
			for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList())
				found.addAll(lookups(f.getFileName().toString(), Files.readString(f)));
		}
		assertEquals(List.of(), found);
	}

	@Test
	void theCheckSeesLookups() {
		String code = "// u.reinterpretAsInts() in a comment\nIntVector b = u.reinterpretAsInts();\n"
			+ "FloatVector k = (FloatVector) b.convert(VectorOperators.I2F, 0);\nFloatVector m = VectorMath.floats(b);\n";
		assertEquals(List.of("A.java: .reinterpretAsInts(", "A.java: .convert("), lookups("A.java", code));
	}

	private static List<String> lookups(String file, String source) {
		List<String> found = new ArrayList<>();
		Matcher m = LOOKUP.matcher(JavaSource.withoutComments(source));
		while (m.find()) found.add(file + ": " + m.group());
		return found;
	}
}

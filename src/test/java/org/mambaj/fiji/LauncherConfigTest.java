package org.mambaj.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;

/**
 * config/jaunch/extra-mambaj.toml against Jaunch's documented format (apposed/jaunch configs/common.toml and
 * jvm.toml; its reader in src/commonMain/kotlin/config.kt): valid TOML, only keys Jaunch reads, no
 * jaunch-version (Jaunch refuses to merge files of different versions), a name Fiji's {@code extra*.toml}
 * include matches, and runtime arguments in Jaunch's {@code RULE|...|ARG} form that add the vector module.
 */
class LauncherConfigTest {

	static final Path FILE = Path.of("config/jaunch/extra-mambaj.toml");

	/** The jvm.* and top-level keys Jaunch's config reader knows; anything else it warns about and ignores. */
	static final Set<String> JAUNCH_KEYS = Set.of("includes", "supported-options", "os-aliases", "arch-aliases",
		"modes", "directives", "allow-unrecognized-args", "jvm.enabled", "jvm.recognized-args", "jvm.allow-weird-runtimes",
		"jvm.version-min", "jvm.version-max", "jvm.distros-allowed", "jvm.distros-blocked", "jvm.root-paths",
		"jvm.lib-suffixes", "jvm.classpath", "jvm.max-heap", "jvm.runtime-args", "jvm.main-class", "jvm.main-args");

	/** Jaunch rules: JAVA:16+, OS:LINUX, ARCH:X64, MODE:x, --option, each optionally negated with "!". */
	static final Pattern RULE = Pattern.compile("!?(JAVA:\\d+\\+?|OS:[A-Z]+|ARCH:[A-Z0-9]+|MODE:[\\w-]+|--[\\w-]+)");

	@Test
	void isValidTomlWithOnlyKeysJaunchReads() throws IOException {
		TomlParseResult toml = Toml.parse(FILE);
		assertFalse(toml.hasErrors(), () -> FILE + ": " + toml.errors());
		for (String key : toml.dottedKeySet()) assertTrue(JAUNCH_KEYS.contains(key), FILE + ": Jaunch does not read '" + key + "'");
		assertFalse(toml.contains("jaunch-version"), "a jaunch-version would clash with Fiji's own");
		assertTrue(FILE.getFileName().toString().matches("extra.*\\.toml"), "Fiji includes only extra*.toml");
	}

	@Test
	void addsTheVectorModuleForJava16AndNewer() throws IOException {
		TomlArray args = Toml.parse(FILE).getArray("jvm.runtime-args");
		assertEquals(1, args.size());
		List<String> parts = List.of(args.getString(0).split("\\|"));
		assertEquals("--add-modules=jdk.incubator.vector", parts.get(parts.size() - 1));
		for (String rule : parts.subList(0, parts.size() - 1))
			assertTrue(RULE.matcher(rule).matches(), "not a Jaunch rule: " + rule);
		assertTrue(parts.contains("JAVA:16+"), "the module exists from Java 16 on");
	}

	@Test
	void usesLiteralStringsLikeFijisOwnFile() throws IOException {
		// Jaunch's own small TOML reader: single-quoted strings, one assignment per key, no inline tables
		for (String line : Files.readAllLines(FILE)) {
			String code = line.strip();
			if (code.isEmpty() || code.startsWith("#")) continue;
			assertFalse(code.contains("\""), "use 'literal' strings: " + line);
			assertFalse(code.contains("{"), "no inline tables: " + line);
		}
	}
}

package org.mambaj.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Reads a JSON file with the strict {@link JsonTree} (Jackson): errors name the file and the position. */
public final class JsonFiles {

	/** Larger than any real plans.json or dataset.json (tens of kB). */
	private static final long MAX_BYTES = 64L << 20;

	private JsonFiles() {}

	/** The file's top-level JSON object; maps are insertion ordered, integers Long, other numbers Double. */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> readObject(Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "missing");
		if (Files.size(file) > MAX_BYTES) throw new WeightsFormatException(file + ": " + Files.size(file) +
			" bytes, too large for a JSON settings file");
		Object v = JsonTree.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), "JSON");
		if (!(v instanceof Map<?, ?> m)) throw new WeightsFormatException(file + ": expected a JSON object at the top level");
		return (Map<String, Object>) m;
	}
}

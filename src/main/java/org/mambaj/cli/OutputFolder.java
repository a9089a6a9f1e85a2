package org.mambaj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.mambaj.io.Leftovers;

/** The --output folder, checked (and created) before any inference, and swept of temporary files a killed run left. */
final class OutputFolder {

	private OutputFolder() {}

	static void prepare(Path folder) throws IOException {
		if (Files.exists(folder) && !Files.isDirectory(folder)) throw new IllegalArgumentException("--output " + folder +
			" is a file, not a folder");
		try {
			Files.createDirectories(folder);
		}
		catch (IOException e) {
			throw new IOException("--output " + folder + ": cannot create the folder (" + e + ")", e);
		}
		if (!Files.isWritable(folder)) throw new IOException("--output " + folder + " is not writable");
		Leftovers.sweep(folder);
	}
}

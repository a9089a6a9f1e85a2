package org.mambaj.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.mambaj.io.Leftovers;

import ij.ImagePlus;
import ij.io.FileSaver;

/** Writes results to a temporary file next to the target and renames it, so no half-written file is left. */
final class AtomicFiles {

	private AtomicFiles() {}

	static void writeTiff(ImagePlus imp, Path target) throws IOException {
		Path temp = temp(target, ".tif");
		try {
			ImageJMessages.Result<Boolean> saved = ImageJMessages.capture(() -> new FileSaver(imp).saveAsTiff(temp.toString()));
			if (!saved.value()) throw new IOException("could not write " + target + (saved.messages().isEmpty() ? "" :
				": " + saved.messages()));
			move(temp, target);
		}
		finally {
			Leftovers.release(temp);
		}
	}

	static void writeText(String text, Path target) throws IOException {
		Path temp = temp(target, ".txt");
		try {
			Files.writeString(temp, text, StandardCharsets.UTF_8);
			move(temp, target);
		}
		finally {
			Leftovers.release(temp);
		}
	}

	/**
	 * A hidden sibling name, deleted if the process is interrupted; not made with createTempFile, whose owner-only
	 * permissions the result would keep.
	 */
	private static Path temp(Path target, String suffix) throws IOException {
		Files.createDirectories(target.toAbsolutePath().getParent());
		return Leftovers.beside(target, suffix);
	}

	private static void move(Path temp, Path target) throws IOException {
		Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}
}

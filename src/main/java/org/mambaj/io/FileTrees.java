package org.mambaj.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copying and deleting folder trees: package extraction, installation and the bundled-model cache. */
public final class FileTrees {

	private FileTrees() {}

	/** Deletes a file or folder tree (children first); nothing when it does not exist. */
	public static void delete(Path path) throws IOException {
		if (!Files.exists(path)) return;
		try (Stream<Path> paths = Files.walk(path)) {
			for (Path p : (Iterable<Path>) paths.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator)
				Files.deleteIfExists(p);
		}
	}

	/**
	 * Copies the tree under {@code from} (any file system, e.g. a jar's) to the new folder {@code to}. A symbolic
	 * link inside the tree is refused, so nothing outside it is ever read or copied; other special files are skipped.
	 */
	public static void copy(Path from, Path to) throws IOException {
		Path start = from.toRealPath();
		try (Stream<Path> paths = Files.walk(start)) {
			for (Path p : (Iterable<Path>) paths::iterator) {
				// relativize across file systems goes through strings
				Path target = to.resolve(start.relativize(p).toString());
				if (Files.isSymbolicLink(p)) throw new ModelPackageException(from + ": " + start.relativize(p) +
					" is a symbolic link; packages must hold the files themselves");
				if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) Files.createDirectories(target);
				else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	/**
	 * Fills {@code target} with {@code from}'s tree so that it appears whole or not at all: copies into a
	 * sibling temporary folder, then renames it. An existing {@code target} is replaced.
	 */
	public static void copyAtomically(Path from, Path target) throws IOException {
		Path parent = target.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		Path temp = Leftovers.beside(target, "");
		Path old = null;
		try {
			Files.createDirectory(temp);
			copy(from, temp);
			if (Files.exists(target)) {
				// not a tracked temporary: if the process stops between the two renames, this is the only copy
				old = parent.resolve("." + target.getFileName() + ".old-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
				Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
			}
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Leftovers.release(temp);
			if (old != null && Files.exists(target)) delete(old);
		}
	}
}

package org.mambaj.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Temporary files and folders written next to their final place (results, installs): their names carry this
 * process's id, {@code .<name>.part-<pid>-<n>}, and they are deleted by a shutdown hook if the process is stopped
 * (Ctrl+C, kill) while they exist. What a process killed outright left behind (kill -9, power loss) is swept by
 * {@link #sweep} once that process is gone.
 */
public final class Leftovers {

	private static final Pattern PART = Pattern.compile("^\\..+\\.part-(\\d+)-\\d+.*$");
	private static final Set<Path> live = ConcurrentHashMap.newKeySet();
	private static final long PID = ProcessHandle.current().pid();
	private static long counter;

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(Leftovers::deleteAll, "mambaj-leftovers"));
	}

	private Leftovers() {}

	/** A fresh, tracked temporary name beside {@code target}: {@code .<target name>.part-<pid>-<n><suffix>}. */
	public static Path beside(Path target, String suffix) {
		Path folder = target.toAbsolutePath().getParent();
		long n;
		synchronized (Leftovers.class) {
			n = ++counter;
		}
		Path temp = folder.resolve("." + target.getFileName() + ".part-" + PID + "-" + n + suffix);
		live.add(temp);
		return temp;
	}

	/** Deletes a temporary file or folder now (if it still exists) and stops tracking it. */
	public static void release(Path temp) throws IOException {
		try {
			FileTrees.delete(temp);
		}
		finally {
			live.remove(temp);
		}
	}

	/** Stops tracking a temporary that was renamed into place. */
	public static void keep(Path temp) {
		live.remove(temp);
	}

	/** Deletes the temporaries in {@code folder} left by processes that no longer run. */
	public static int sweep(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) return 0;
		int removed = 0;
		try (Stream<Path> children = Files.list(folder)) {
			for (Path p : (Iterable<Path>) children::iterator) {
				Matcher m = PART.matcher(p.getFileName().toString());
				if (!m.matches()) continue;
				long pid;
				try {
					pid = Long.parseLong(m.group(1));
				}
				catch (NumberFormatException e) {
					continue;
				}
				if (pid == PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
				FileTrees.delete(p);
				removed++;
			}
		}
		return removed;
	}

	private static void deleteAll() {
		for (Path p : live) {
			try {
				FileTrees.delete(p);
			}
			catch (IOException | RuntimeException e) {
				// shutting down: nothing else can be done
			}
		}
	}
}

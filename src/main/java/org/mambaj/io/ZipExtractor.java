package org.mambaj.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Extracts a zip into a fresh temporary directory, refusing entries that would land outside it (zip-slip:
 * absolute names, {@code ..}) and archives that expand beyond a size limit (zip bombs). Everything extracted is
 * registered for deletion when the JVM exits.
 */
final class ZipExtractor {

	/** Far above any model package, far below a disk-filling bomb. */
	static final long MAX_TOTAL_BYTES = 8L << 30;
	static final int MAX_ENTRIES = 100_000;
	/** Extraction folders are {@code mambaj-package-<pid>-<random>} in the temporary folder. */
	static final String PREFIX = "mambaj-package-";
	/** Left free on the temporary disk so that extracting a package never fills it. */
	static final long FREE_SPACE_MARGIN = 64L << 20;

	private ZipExtractor() {}

	static Path extract(Path zip) throws IOException {
		// the process id in the name tells whose extraction it is (tests on a shared machine, leftovers)
		Path target = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
		// deleteOnExit runs in reverse order of registration, so children registered later go before parents.
		target.toFile().deleteOnExit();
		long total = 0;
		int count = 0;
		try (ZipFile zipFile = new ZipFile(zip.toFile())) {
			long budget = budget(zipFile, target, zip);
			Enumeration<? extends ZipEntry> entries = zipFile.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				if (++count > MAX_ENTRIES) throw new ModelPackageException(zip + ": more than " + MAX_ENTRIES +
					" entries, refusing to extract");
				Path destination = safeDestination(target, entry.getName(), zip);
				if (entry.isDirectory()) {
					createDirectories(target, destination);
					continue;
				}
				createDirectories(target, destination.getParent());
				if (Files.exists(destination)) throw new ModelPackageException(zip + ": duplicate entry \"" +
					entry.getName() + "\"");
				destination.toFile().deleteOnExit();
				total += copy(zipFile, entry, destination, budget - total, zip, target);
			}
		} catch (ZipException e) {
			deleteRecursively(target);
			throw new ModelPackageException(zip + ": not a valid zip file: " + e.getMessage(), e);
		} catch (ModelPackageException e) {
			deleteRecursively(target);
			throw e;
		} catch (IOException e) {
			// a corrupt entry (e.g. "Unexpected end of ZLIB input stream") or a failed write: name the zip
			deleteRecursively(target);
			throw new ModelPackageException(zip + ": could not extract: " + e, e);
		} catch (RuntimeException e) {
			// Do not leave a half-extracted (possibly huge) folder behind until the JVM exits.
			deleteRecursively(target);
			throw e;
		}
		return target;
	}

	/** Where {@code name} goes inside {@code target}, or an error if it would escape it. */
	static Path safeDestination(Path target, String name, Path zip) throws ModelPackageException {
		// Some Windows tools write backslashes; treat them as separators so "..\\x" is caught too.
		String normalized = name.replace('\\', '/');
		boolean absolute = normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*");
		boolean parentStep = ("/" + normalized + "/").contains("/../");
		Path destination = target.resolve(normalized).normalize();
		if (absolute || parentStep || !destination.startsWith(target) || destination.equals(target))
			throw new ModelPackageException(zip + ": unsafe entry name \"" + name + "\" would be extracted " +
				"outside the package folder; refusing to extract");
		return destination;
	}

	private static void createDirectories(Path target, Path directory) throws IOException {
		if (Files.isDirectory(directory)) return;
		createDirectories(target, directory.getParent());
		Files.createDirectory(directory);
		directory.toFile().deleteOnExit();
	}

	/**
	 * The bytes the extraction may write: the bomb limit, or the free space of the temporary folder less a margin
	 * if that is smaller; refused at once when the sizes the zip declares do not fit.
	 */
	private static long budget(ZipFile zipFile, Path target, Path zip) throws IOException {
		long free = Files.getFileStore(target).getUsableSpace() - FREE_SPACE_MARGIN;
		long declared = 0;
		for (ZipEntry e : java.util.Collections.list(zipFile.entries())) declared += Math.max(0, e.getSize());
		requireSpace(declared, free, zip, target.getParent());
		return Math.min(MAX_TOTAL_BYTES, free);
	}

	static void requireSpace(long declared, long free, Path zip, Path folder) throws ModelPackageException {
		if (declared > free) throw new ModelPackageException(zip + ": expands to " + declared + " bytes but the " +
			"temporary folder " + folder + " has only " + Math.max(0, free) + " bytes free (set java.io.tmpdir " +
			"to a larger disk)");
	}

	private static long copy(ZipFile zipFile, ZipEntry entry, Path destination, long budget, Path zip, Path target)
		throws IOException {
		long written = 0;
		byte[] buffer = new byte[1 << 16];
		try (InputStream in = zipFile.getInputStream(entry); OutputStream out = Files.newOutputStream(destination)) {
			for (int n; (n = in.read(buffer)) > 0;) {
				written += n;
				// Count real bytes: a zip's declared sizes can lie.
				if (written > budget) throw new ModelPackageException(zip + ": expands to more than " +
					MAX_TOTAL_BYTES + " bytes, or more than the free space of " + target.getParent() + ", refusing to extract");
				out.write(buffer, 0, n);
			}
		}
		return written;
	}

	/** Deletes an extraction directory now (children first). */
	static void deleteRecursively(Path directory) throws IOException {
		FileTrees.delete(directory);
	}

}

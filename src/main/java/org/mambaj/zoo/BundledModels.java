package org.mambaj.zoo;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;

import org.mambaj.io.FileTrees;

/**
 * The model packages shipped inside MambaJ's jar under {@value #RESOURCE}/ (the repository's models/ folder,
 * copied by the build). Model packages are read from files, so a jar's copy is extracted once to a cache
 * folder named after the jar's size and date; a new jar gets a new folder. Run from a classes folder
 * (development, tests) they are used in place.
 */
public final class BundledModels {

	public static final String RESOURCE = "mambaj-models";

	private final ClassLoader loader;
	private final Path cacheRoot;
	private Path folder;
	private boolean located;

	public BundledModels(ClassLoader loader, Path cacheRoot) {
		this.loader = loader;
		this.cacheRoot = cacheRoot;
	}

	/** The folder holding the bundled packages (one per subfolder), or null when none are bundled. */
	public synchronized Path folder() throws IOException {
		if (!located) {
			folder = locate();
			located = true;
		}
		return folder;
	}

	private Path locate() throws IOException {
		URL url = loader.getResource(RESOURCE);
		if (url == null) return null;
		try {
			switch (url.getProtocol()) {
				case "file":
					return Path.of(url.toURI());
				case "jar":
					return extract(Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI()));
				default:
					throw new IOException("bundled models at " + url + " cannot be read (not a file or jar)");
			}
		}
		catch (URISyntaxException e) {
			throw new IOException("bad location of the bundled models: " + url, e);
		}
	}

	private Path extract(Path jar) throws IOException {
		String stamp = Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(Files.getLastModifiedTime(jar).toMillis());
		Path target = cacheRoot.resolve("bundled-" + stamp);
		if (Files.isDirectory(target)) return target;
		try (FileSystem fs = FileSystems.newFileSystem(jar)) {
			FileTrees.copyAtomically(fs.getPath(RESOURCE), target);
		}
		return target;
	}
}

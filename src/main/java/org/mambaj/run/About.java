package org.mambaj.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.mambaj.core.Engines;
import org.mambaj.core.Kernels;
import org.mambaj.zoo.ModelListing;
import org.mambaj.zoo.ModelRegistry;

/**
 * What MambaJ is and runs with here: version, engine and kernels, threads, models folder and installed models.
 * One text for Plugins > MambaJ > About MambaJ and {@code mambaj about} / {@code --version}.
 */
public final class About {

	/** The fix for a JVM without the vector module; Fiji gets it from the update site's launcher file. */
	public static final String VECTOR_FIX = "MambaJ runs its scalar kernels, several times slower, because the JVM " +
		"was started without the Java vector module. Fix: in Fiji, install MambaJ's config/jaunch/extra-mambaj.toml " +
		"(it adds --add-modules=jdk.incubator.vector to Fiji's launcher) and restart Fiji; elsewhere start Java with " +
		"--add-modules jdk.incubator.vector.";

	private About() {}

	/** MambaJ's version, from the jar (Maven writes it); "unknown" only in a broken build. */
	public static String version() {
		try (InputStream in = About.class.getResourceAsStream("version.properties")) {
			if (in == null) return "unknown";
			Properties p = new Properties();
			p.load(in);
			return p.getProperty("version", "unknown");
		}
		catch (IOException e) {
			return "unknown";
		}
	}

	/** True when the vector kernels are in use; false means the scalar ones (see {@link #VECTOR_FIX}). */
	public static boolean vectorKernels() {
		return Kernels.best() != Kernels.scalar();
	}

	/**
	 * The full report.
	 *
	 * @param threads the worker count the caller runs MambaJ with
	 * @param threadSource where that count comes from, e.g. "Edit > Options > Memory & Threads"
	 */
	public static String text(ModelRegistry registry, int threads, String threadSource) throws IOException {
		StringBuilder s = new StringBuilder();
		s.append("MambaJ ").append(version()).append('\n');
		s.append("Java ").append(Runtime.version()).append(" (").append(System.getProperty("java.vendor", "?"))
			.append("), ").append(Runtime.getRuntime().availableProcessors()).append(" cores, max memory ")
			.append(Runtime.getRuntime().maxMemory() >> 20).append(" MB\n");
		s.append(Engines.describe()).append('\n');
		if (!vectorKernels()) s.append(VECTOR_FIX).append('\n');
		s.append("Threads: ").append(threads).append(" (").append(threadSource).append(")\n");
		s.append("Models folder: ").append(registry.userFolder()).append('\n');
		s.append("Installed models (name, task, origin, validation metrics):\n");
		for (String line : ModelListing.text(registry).split("\n")) s.append("  ").append(line.replace("\t", "  ")).append('\n');
		return s.toString();
	}
}

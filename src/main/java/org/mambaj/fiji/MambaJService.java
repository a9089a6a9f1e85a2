package org.mambaj.fiji;

import org.mambaj.run.ModelRunner;
import org.mambaj.zoo.ModelRegistry;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

/**
 * Gives the commands their model registry: by default the JVM's shared one, so that SciJava commands and the
 * ImageJ 1.x plugins reuse the same loaded networks.
 */
@Plugin(type = Service.class)
public class MambaJService extends AbstractService implements SciJavaService {

	private volatile ModelRegistry registry;

	public ModelRegistry registry() {
		ModelRegistry r = registry;
		return r != null ? r : ModelRegistry.shared();
	}

	/** Uses another registry (e.g. another user models folder); the caller closes it. */
	public void setRegistry(ModelRegistry registry) {
		this.registry = registry;
	}

	/**
	 * How many threads MambaJ's commands use: Fiji's Edit > Options > Memory & Threads (ImageJ's
	 * {@code Prefs.getThreads()}, which ImageJ2 shares); SciJava's ThreadService has no such setting.
	 */
	public static int threads() {
		return ij.Prefs.getThreads();
	}

	/** Where {@link #threads()} comes from, for About. */
	public static final String THREADS_SETTING = "Edit > Options > Memory & Threads";

	public ModelRunner runner() {
		return new ModelRunner(registry());
	}
}

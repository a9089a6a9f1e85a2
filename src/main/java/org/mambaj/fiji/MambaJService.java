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

	public ModelRunner runner() {
		return new ModelRunner(registry());
	}
}

package org.mambaj.core;

/** Picks the fastest available {@link Kernels} once; the vector class is only loaded when its module exists. */
final class KernelChoice {

	static final Kernels SCALAR = new ScalarKernels();
	static final Kernels BEST = choose();

	private KernelChoice() {}

	static boolean vectorModulePresent() {
		return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
	}

	private static Kernels choose() {
		if (Boolean.getBoolean("mambaj.scalar") || !vectorModulePresent()) return SCALAR;
		try {
			return (Kernels) Class.forName("org.mambaj.core.VectorKernels").getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException | LinkageError e) {
			return SCALAR;
		}
	}
}

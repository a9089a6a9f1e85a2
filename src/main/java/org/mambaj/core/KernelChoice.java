package org.mambaj.core;

/**
 * Picks the kernels once; the vector class is only loaded when its module exists. With the module, the default is
 * {@link SwitchingKernels} (scalar until the vector kernels are compiled and faster: a fast first inference);
 * {@code -Dmambaj.kernels=vector} runs the vector kernels from the start, {@code -Dmambaj.scalar=true} (or
 * {@code -Dmambaj.kernels=scalar}) never.
 */
final class KernelChoice {

	static final Kernels SCALAR = new ScalarKernels();
	/** The vector kernels where the module is there, else the scalar ones. */
	static final Kernels FASTEST = fastest();
	static final Kernels BEST = choose();

	private KernelChoice() {}

	static boolean vectorModulePresent() {
		return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
	}

	private static Kernels fastest() {
		if (!vectorModulePresent()) return SCALAR;
		try {
			return (Kernels) Class.forName("org.mambaj.core.VectorKernels").getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException | LinkageError e) {
			return SCALAR;
		}
	}

	private static Kernels choose() {
		String asked = System.getProperty("mambaj.kernels", "auto");
		if (Boolean.getBoolean("mambaj.scalar") || asked.equals("scalar") || FASTEST == SCALAR) return SCALAR;
		if (asked.equals("vector")) return FASTEST;
		return new SwitchingKernels(SCALAR, FASTEST, SwitchingKernels.DEFAULT_WINS, SwitchingKernels.DEFAULT_BUDGET);
	}
}

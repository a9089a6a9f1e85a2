package org.mambaj.core;

import java.util.Locale;

/**
 * Chooses the engine for the dense layers: "java" (always works, and the default: "auto" means Java) or
 * "tensorflow" (TensorFlow Java 1.0, only where it was installed, e.g. the command line's class path).
 *
 * Why Java by default: it is as fast as TensorFlow on the dense layers here (BENCHMARKS.md) and needs no
 * native library, 157 MB per platform and a second of start-up. Why TensorFlow is only reached by reflection:
 * Fiji installs of MambaJ carry no TensorFlow, and a Fiji with the CSBDeep/StarDist update sites has
 * TensorFlow 1.15's {@code org.tensorflow} classes instead, whose names clash with TensorFlow Java 1.0's. This
 * class links no TensorFlow class, so MambaJ loads and runs with no TensorFlow or with 1.15's; it touches
 * TensorFlow classes only on an explicit {@code engine=tensorflow}, and only when TensorFlow Java 1.0's classes
 * are there (never 1.15's, whose native library StarDist may load).
 *
 * TensorFlow's native log lines are silenced by the environment variable {@code TF_CPP_MIN_LOG_LEVEL=3},
 * which must be set before the JVM starts (Java cannot set environment variables).
 */
public final class Engines {

	/** A class of TensorFlow Java 1.0 that TensorFlow 1.x lacks: tells the two apart without loading either. */
	static final String TF_JAVA_MARKER = "org/tensorflow/ConcreteFunction.class";
	static final String TF_ENGINE_CLASS = "org.mambaj.core.TensorFlowEngine";

	/** Set when the TensorFlow probe has run (reading a field of {@link Probe} would run it). */
	private static volatile boolean probed;

	private Engines() {}

	public static Engine create(String kind) {
		switch (resolve(kind)) {
			case "tensorflow":
				if (!tensorFlowAvailable()) throw new IllegalStateException(
					"TensorFlow engine requested but TensorFlow cannot be used: " + Probe.FAILURE + ". Use engine=java " +
					"(the default, as fast here).", Probe.CAUSE);
				return newTensorFlowEngine(Parallel.threads());
			default:
				return new JavaEngine();
		}
	}

	/** "java" or "tensorflow": {@code auto} (and null or blank) is Java; anything else is an error naming the choices. */
	public static String resolve(String kind) {
		String k = kind == null || kind.isBlank() ? "auto" : kind.toLowerCase(Locale.ROOT);
		switch (k) {
			case "auto", "java":
				return "java";
			case "tensorflow":
				return "tensorflow";
			default:
				throw new IllegalArgumentException("unknown engine '" + kind + "': use auto, tensorflow or java");
		}
	}

	/** True when TensorFlow Java 1.0 is installed and its native library ran a small op; probed once per JVM, on first call. */
	public static boolean tensorFlowAvailable() {
		return Probe.CAUSE == null;
	}

	/** Whether TensorFlow Java 1.0's classes are on the class path at all; loads nothing. */
	public static boolean tensorFlowInstalled() {
		return Engines.class.getClassLoader().getResource(TF_JAVA_MARKER) != null;
	}

	/**
	 * One line for logs and About: the default engine, the Java kernels, and TensorFlow's state. Does not load
	 * TensorFlow (it says "installed, not loaded" until something asked for the TensorFlow engine).
	 */
	public static String describe() {
		String tf = !tensorFlowInstalled() ? "not installed (optional; the command line has it)"
			: !probed ? "installed, not loaded (engine=tensorflow)"
			: tensorFlowAvailable() ? "TensorFlow " + Probe.VERSION : "unavailable (" + Probe.FAILURE + ")";
		return "engine java (default); Java kernels: " + Kernels.best().name() + "; TensorFlow engine: " + tf;
	}

	private static Engine newTensorFlowEngine(int threads) {
		try {
			return (Engine) Class.forName(TF_ENGINE_CLASS).getConstructor(int.class).newInstance(threads);
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException("cannot create the TensorFlow engine: " + e, e);
		}
	}

	/** Loads TensorFlow once, lazily (holder class), by running a 2x2 MatMul; records why it failed. */
	private static final class Probe {

		static final Throwable CAUSE;
		static final String FAILURE;
		static final String VERSION;

		static {
			probed = true;
			Throwable cause = null;
			String version = null;
			try {
				if (!tensorFlowInstalled()) throw new ClassNotFoundException("TensorFlow Java 1.0 " +
					"(org.tensorflow:tensorflow-core-api) is not on the class path; MambaJ's Fiji install leaves it out");
				version = (String) Class.forName("org.tensorflow.TensorFlow").getMethod("version").invoke(null);
				checkMatMul();
			}
			// LinkageError: a missing native library; the others: reflection, a wrong result
			catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
				cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
			}
			CAUSE = cause;
			VERSION = version;
			FAILURE = cause == null ? null : cause.getClass().getSimpleName() + ": " + cause.getMessage();
		}

		private static void checkMatMul() {
			// default thread count: TensorFlow fixes its thread pools with the first session made
			try (Engine engine = newTensorFlowEngine(Runtime.getRuntime().availableProcessors())) {
				float[] y = engine.linear(new Tensor(new float[] {1, 2, 3, 4}, 2, 2), null)
					.apply(new Tensor(new float[] {1, 1}, 1, 2)).data();
				if (y[0] != 3 || y[1] != 7) throw new IllegalStateException(
					"TensorFlow computed a wrong test result " + y[0] + ", " + y[1]);
			}
		}
	}
}

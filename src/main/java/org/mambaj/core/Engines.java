package org.mambaj.core;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Chooses the engine for the dense layers: "tensorflow" (native), "java" (always works) or "auto": Java when
 * the vector kernels run here (measured as fast as TensorFlow or faster warm on every model, and TensorFlow's
 * start adds about 1 s to a fresh JVM), else TensorFlow when its native library loads, else Java.
 *
 * TensorFlow's native log lines are silenced by the environment variable {@code TF_CPP_MIN_LOG_LEVEL=3},
 * which must be set before the JVM starts (Java cannot set environment variables).
 */
public final class Engines {

	/** The fallback warning is printed once per JVM, not for every model built. */
	private static final AtomicBoolean WARNED = new AtomicBoolean();

	private Engines() {}

	/**
	 * The engine "auto" stands for here: "java" or "tensorflow". TensorFlow is only loaded (about 1 s) when the
	 * vector kernels are missing.
	 */
	public static String resolveAuto() {
		if (!Kernels.best().name().equals(Kernels.scalar().name())) return "java";
		if (tensorFlowAvailable()) return "tensorflow";
		if (WARNED.compareAndSet(false, true)) System.err.println("MambaJ: TensorFlow is not usable here (" + Probe.FAILURE +
			"); running dense layers in Java");
		return "java";
	}

	public static Engine create(String kind) {
		switch (kind == null ? "auto" : kind.toLowerCase(Locale.ROOT)) {
			case "auto":
				return create(resolveAuto());
			case "tensorflow":
				if (!tensorFlowAvailable()) throw new IllegalStateException(
					"TensorFlow engine requested but TensorFlow cannot be used: " + Probe.FAILURE, Probe.CAUSE);
				return new TensorFlowEngine();
			case "java":
				return new JavaEngine();
			default:
				throw new IllegalArgumentException("unknown engine '" + kind + "': use auto, tensorflow or java");
		}
	}

	/** True when TensorFlow's native library loaded and ran a small op; probed once per JVM. */
	public static boolean tensorFlowAvailable() {
		return Probe.CAUSE == null;
	}

	/** One line for logs and About dialogs: which engines can run here. */
	public static String describe() {
		String tf = tensorFlowAvailable() ? "TensorFlow " + Probe.VERSION : "TensorFlow unavailable (" + Probe.FAILURE + ")";
		return tf + "; Java kernels: " + Kernels.best().name() + "; " + Runtime.getRuntime().availableProcessors() + " cores";
	}

	/** Loads TensorFlow once, lazily (holder class), by running a 2x2 MatMul; records why it failed. */
	private static final class Probe {

		static final Throwable CAUSE;
		static final String FAILURE;
		static final String VERSION;

		static {
			Throwable cause = null;
			String version = null;
			try {
				version = org.tensorflow.TensorFlow.version();
				checkMatMul();
			}
			// LinkageError covers a missing native library and an old TensorFlow 1.x jar on Fiji's class path
			catch (LinkageError | RuntimeException e) {
				cause = e;
			}
			CAUSE = cause;
			VERSION = version;
			FAILURE = cause == null ? null : cause.getClass().getSimpleName() + ": " + cause.getMessage();
		}

		private static void checkMatMul() {
			// default thread count: TensorFlow fixes its thread pools with the first session made
			try (TensorFlowEngine engine = new TensorFlowEngine()) {
				float[] y = engine.linear(new Tensor(new float[] {1, 2, 3, 4}, 2, 2), null)
					.apply(new Tensor(new float[] {1, 1}, 1, 2)).data();
				if (y[0] != 3 || y[1] != 7) throw new IllegalStateException(
					"TensorFlow computed a wrong test result " + y[0] + ", " + y[1]);
			}
		}
	}
}

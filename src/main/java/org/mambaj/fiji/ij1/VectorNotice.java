package org.mambaj.fiji.ij1;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import ij.IJ;

import org.mambaj.run.About;

/** Tells the user once per Fiji session, in the Log, when MambaJ runs its slow scalar kernels, and how to fix it. */
final class VectorNotice {

	private static final AtomicBoolean SHOWN = new AtomicBoolean();

	private VectorNotice() {}

	static void once() {
		once(About.vectorKernels(), SHOWN, IJ::log);
	}

	/** Logs the fix when the vector kernels are missing and {@code shown} was not yet set; testable without a JVM flag. */
	static void once(boolean vectorKernels, AtomicBoolean shown, Consumer<String> log) {
		if (!vectorKernels && shown.compareAndSet(false, true)) log.accept(About.VECTOR_FIX);
	}
}

package org.mambaj.core;

/**
 * Runs the dense, FLOP-heavy layers (linear and 2D convolution). Weights are handed over once, when a
 * model is built, so an engine can convert and keep them in its own form; the returned op may be
 * applied from many threads at once. Everything else (the scan, norms, activations) runs in Java.
 *
 * Tensors are channels-last: linear works on the last axis, conv2d on NHWC images.
 */
public interface Engine extends AutoCloseable {

	String name();

	/** y = x W^T + b over the last axis; weight [out, in] as in PyTorch, bias [out] or null. */
	DenseOp linear(Tensor weight, Tensor bias);

	/**
	 * 2D cross-correlation with zero padding as PyTorch's {@code Conv2d}: x [B, H, W, Cin] -> [B, Ho, Wo, Cout],
	 * weight [Cout, Cin/groups, kh, kw] as in PyTorch, bias [Cout] or null.
	 */
	default DenseOp conv2d(Tensor weight, Tensor bias, int stride, int padding, int groups) {
		return conv2d(weight, bias, stride, stride, padding, padding, groups);
	}

	/** As {@link #conv2d(Tensor, Tensor, int, int, int)} with a stride and a zero padding per axis (nnU-Net plans). */
	DenseOp conv2d(Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW, int groups);

	/**
	 * True when every op runs on the caller's {@link Parallel} pool, so that K inferences at once on K one-thread pools
	 * use K threads (what the tiler does with the caller's threads). False for an engine with threads of its own.
	 */
	default boolean usesCallersThreads() {
		return true;
	}

	/** Releases native resources held by the ops this engine created. */
	@Override
	default void close() {}
}

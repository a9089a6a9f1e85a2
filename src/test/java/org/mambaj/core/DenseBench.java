package org.mambaj.core;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Per-call latency of the dense layers that dominate the Mamba models, on each engine: median of 10 calls
 * after warm-up. Not a test; run with {@code --add-modules jdk.incubator.vector} and
 * {@code TF_CPP_MIN_LOG_LEVEL=3}.
 */
public final class DenseBench {

	private static final int WARMUP = 3, RUNS = 10;

	public static void main(String[] args) {
		Random random = new Random(7);
		List<DenseCases.Case> cases = List.of(
			DenseCases.linear(random, "linear [4096 x 192] -> 384", 192, 384, true, 4096, 192),
			DenseCases.linear(random, "linear [4096 x 384] -> 192", 384, 192, true, 4096, 384),
			DenseCases.conv(random, "conv2d 3x3 256x256x32 -> 32", 32, 32, 3, 1, 1, 1, true, 1, 256, 256, 32),
			DenseCases.conv(random, "depthwise 3x3 64x64x384", 384, 384, 3, 1, 1, 384, true, 1, 64, 64, 384));
		System.out.println(Engines.describe());
		try (Engine vector = new JavaEngine(Kernels.best()); Engine scalar = new JavaEngine(Kernels.scalar());
			Engine tf = new TensorFlowEngine())
		{
			for (DenseCases.Case c : cases) {
				System.out.printf("%-30s", c.name());
				for (Engine engine : List.of(vector, scalar, tf)) {
					long t0 = System.nanoTime();
					DenseOp op = c.build(engine);
					double build = (System.nanoTime() - t0) / 1e6;
					System.out.printf("  %s %.2f ms (build %.1f ms)", engine.name(), medianMillis(op, c.input()), build);
				}
				System.out.println();
			}
		}
	}

	private static double medianMillis(DenseOp op, Tensor x) {
		for (int i = 0; i < WARMUP; i++) op.apply(x);
		double[] ms = new double[RUNS];
		for (int i = 0; i < RUNS; i++) {
			long t0 = System.nanoTime();
			op.apply(x);
			ms[i] = (System.nanoTime() - t0) / 1e6;
		}
		Arrays.sort(ms);
		return (ms[RUNS / 2 - 1] + ms[RUNS / 2]) / 2;
	}
}

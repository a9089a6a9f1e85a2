package org.mambaj.core;

import java.util.Random;

/**
 * A fixed, small workload that calls every {@link Kernels} method once, on shapes like a model's (channels a
 * multiple of the vector width and a few leftovers, a 3x3 depthwise window inside and across the border). Timing
 * it on two kernel sets tells which one runs faster in this JVM right now, JIT state included; running it
 * repeatedly gets a kernel set's methods compiled. About 0.1 ms for the vector kernels once C2 has compiled them.
 */
final class KernelWorkout {

	private static final int ROWS = 8, K = 16, N = 32, H = 4, W = 4, C = 32, L = 4, D = 32, STATES = 16;
	private static final int ACT = 32;

	private final float[] a, b, c, img, dw, dwBias, dwOut, act, gate, actOut, lnW, lnB;
	private final SelectiveScan.Problem scan;

	KernelWorkout() {
		Random r = new Random(11);
		a = gauss(r, ROWS * K, 1f);
		b = gauss(r, K * N, 0.1f);
		c = new float[ROWS * N];
		img = gauss(r, H * W * C, 1f);
		dw = gauss(r, 9 * C, 0.3f);
		dwBias = gauss(r, C, 0.1f);
		dwOut = new float[H * W * C];
		act = gauss(r, ACT, 2f);
		gate = gauss(r, ACT, 2f);
		actOut = new float[ACT];
		lnW = gauss(r, C, 1f);
		lnB = gauss(r, C, 0.1f);
		scan = scanProblem(r);
	}

	/** One pass over every kernel method with {@code k}; returns the nanoseconds it took. */
	long run(Kernels k, float[] packedB) {
		long t0 = System.nanoTime();
		k.matmulRows(a, 0, K, packedB, c, 0, 0, ROWS, K, N);
		k.depthwiseRows(img, 0, H, W, C, dw, dwBias, 3, 3, 1, 1, 1, dwOut, 0, H, W, 0, H);
		java.util.Arrays.fill(scan.y, 0f);
		k.scanChannels(scan, 0, 0, D);
		k.sigmoid(act, actOut, 0, ACT);
		k.silu(act, actOut, 0, ACT);
		k.gelu(act, actOut, 0, ACT);
		k.mulSilu(act, gate, actOut, 0, ACT);
		k.layerNorm(img, dwOut, C, lnW, lnB, 1e-5f, 0, H * W);
		return System.nanoTime() - t0;
	}

	/** B packed for {@code k}'s {@link Kernels#matmulRows}. */
	float[] packFor(Kernels k) {
		return k.packB(b.clone(), K, N);
	}

	/** A one-direction scan with trained-like values: A < 0, delta a few tenths. */
	private static SelectiveScan.Problem scanProblem(Random r) {
		float[] a = new float[STATES * D];
		for (int i = 0; i < a.length; i++) a[i] = (float) -(1 + (i / D) % STATES) * (0.5f + r.nextFloat());
		float[] bias = gauss(r, D, 0.5f);
		for (int i = 0; i < D; i++) bias[i] -= 2.5f;
		return new SelectiveScan.Problem(1, L, D, STATES, gauss(r, L * D, 1f), false, gauss(r, L * D, 0.5f), a, bias,
			gauss(r, D, 1f), gauss(r, L * 2 * STATES, 1f), 2 * STATES, new int[] { 0 }, new int[] { STATES },
			new int[][] { CrossScan.identity(L) }, new float[L * D]);
	}

	private static float[] gauss(Random r, int size, float scale) {
		float[] v = new float[size];
		for (int i = 0; i < size; i++) v[i] = (float) r.nextGaussian() * scale;
		return v;
	}
}

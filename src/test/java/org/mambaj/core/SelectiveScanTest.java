package org.mambaj.core;

import static org.mambaj.testing.Golden.assertClose;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.mambaj.io.SafeTensors;
import org.mambaj.testing.Golden;

/** The scan against mamba_ssm's selective_scan_ref semantics (golden files) and scalar against vector kernels. */
class SelectiveScanTest {

	@ParameterizedTest
	@ValueSource(strings = { "scan-small", "scan-grouped" })
	void matchesReference(String name) throws IOException {
		Map<String, Tensor> t = SafeTensors.read(Golden.root().resolve(name + "/tensors.safetensors"));
		for (Kernels k : new Kernels[] { Kernels.scalar(), Kernels.best() })
			assertClose(t.get("y"), referenceLayoutScan(t, k), 1e-5, name + " with " + k.name());
	}

	/**
	 * Runs the reference's (batch, D, L) problem, whose B and C may be grouped over channels, as one
	 * single-direction scan per group, and gates with silu(z).
	 */
	private static Tensor referenceLayoutScan(Map<String, Tensor> t, Kernels kernels) {
		Tensor u = t.get("u"), bT = t.get("B");
		int batch = u.dim(0), dim = u.dim(1), len = u.dim(2), n = t.get("A").dim(1);
		int groups = bT.rank() == 4 ? bT.dim(1) : 1, per = dim / groups;
		float[] y = new float[batch * dim * len];
		for (int g = 0; g < groups; g++) {
			float[] ug = channelsLast(u, g * per, per), dtg = channelsLast(t.get("delta"), g * per, per);
			float[] bc = new float[batch * len * 2 * n];
			for (int b = 0; b < batch; b++)
				for (int l = 0; l < len; l++)
					for (int s = 0; s < n; s++) {
						int src = ((b * groups + g) * n + s) * len + l;
						bc[(b * len + l) * 2 * n + s] = t.get("B").data()[src];
						bc[(b * len + l) * 2 * n + n + s] = t.get("C").data()[src];
					}
			float[] a = new float[n * per];
			for (int d = 0; d < per; d++)
				for (int s = 0; s < n; s++) a[s * per + d] = t.get("A").data()[(g * per + d) * n + s];
			float[] yg = new float[batch * len * per];
			SelectiveScan.run(new SelectiveScan.Problem(batch, len, per, n, ug, false, dtg, a,
				Arrays.copyOfRange(t.get("delta_bias").data(), g * per, (g + 1) * per),
				Arrays.copyOfRange(t.get("D").data(), g * per, (g + 1) * per), bc, 2 * n, new int[] { 0 },
				new int[] { n }, new int[][] { CrossScan.identity(len) }, yg), kernels);
			float[] z = t.get("z").data();
			for (int b = 0; b < batch; b++)
				for (int l = 0; l < len; l++)
					for (int d = 0; d < per; d++) {
						int o = (b * dim + g * per + d) * len + l;
						y[o] = yg[(b * len + l) * per + d] * Activations.silu(z[o]);
					}
		}
		return new Tensor(y, batch, dim, len);
	}

	/** Channels [c0, c0+count) of a (batch, D, L) tensor as (batch, L, count). */
	private static float[] channelsLast(Tensor x, int c0, int count) {
		int batch = x.dim(0), dim = x.dim(1), len = x.dim(2);
		float[] out = new float[batch * len * count];
		for (int b = 0; b < batch; b++)
			for (int d = 0; d < count; d++)
				for (int l = 0; l < len; l++) out[(b * len + l) * count + d] = x.data()[(b * dim + c0 + d) * len + l];
		return out;
	}

	@Test
	void vectorKernelsMatchScalarOnFourWayScan() {
		FourWay scan = new FourWay(new Random(1), 2, 9, 7, 37, 16);
		float[] ys = scan.output(), yv = scan.output();
		SelectiveScan.run(scan.problem(ys), Kernels.scalar());
		SelectiveScan.run(scan.problem(yv), Kernels.best());
		assertClose(new Tensor(ys, ys.length), new Tensor(yv, yv.length), 1e-5, "vector vs scalar (" + Kernels.best().name() + ")");
	}

	/** Random inputs of SS2D's four-way scan (B/C of each direction in its own columns of one row) for any output. */
	private static final class FourWay {
		final int batch, len, d, n, k, row;
		final float[] u, dt, a, bias, skip, bc;
		final int[] bo, co;
		final int[][] order;

		FourWay(Random r, int batch, int h, int w, int d, int n) {
			this(r, batch, h, w, d, n, 4);
		}

		/** The first k of the four directions (k = 1: a plain Mamba scan, 2: a bidirectional one). */
		FourWay(Random r, int batch, int h, int w, int d, int n, int k) {
			this.batch = batch; this.len = h * w; this.d = d; this.n = n; this.k = k; this.row = 3 + 2 * n;
			u = rand(r, batch * len * d, 1);
			dt = rand(r, k * batch * len * d, 2);
			bc = rand(r, batch * len * k * row, 1);
			a = new float[k * n * d];
			for (int i = 0; i < a.length; i++) a[i] = -(float) Math.exp(r.nextGaussian());
			bias = rand(r, k * d, 1);
			skip = rand(r, k * d, 1);
			bo = new int[k];
			co = new int[k];
			for (int i = 0; i < k; i++) { bo[i] = i * row + 3; co[i] = bo[i] + n; }
			order = java.util.Arrays.copyOf(CrossScan.fourWay(h, w), k);
		}

		float[] output() {
			return new float[batch * len * d];
		}

		SelectiveScan.Problem problem(float[] y) {
			return new SelectiveScan.Problem(batch, len, d, n, u, false, dt, a, bias, skip, bc, k * row, bo, co, order, y);
		}
	}

	/**
	 * The channel groups of the scan, and whether its directions run as tasks of their own, depend on the thread
	 * count; the output must not (tiles run at once on one thread each must blend to what one tile after another on
	 * all threads gives), bit for bit, with either kernel set: widths below, at and above a vector, groups whose last
	 * one is narrower than a vector, and one, two and four directions.
	 */
	@Test
	void outputDoesNotDependOnTheThreadCount() throws Exception {
		// the same pools throughout: a pool's threads reuse their buffers from scan to scan, across sizes
		Parallel[] pools = { new Parallel(1), new Parallel(2), new Parallel(3), new Parallel(4) };
		try {
			for (Kernels kernels : new Kernels[] { Kernels.best(), Kernels.scalar() })
				for (int directions : new int[] { 4, 1, 2, 4 })
					for (int d : new int[] { 7, 16, 24, 37, 60, 100, 300, 530, 60 }) {
						FourWay scan = new FourWay(new Random(d), 2, 5, 7, d, 8, directions);
						float[][] y = new float[4][];
						for (int t = 1; t <= 4; t++) {
							float[] out = y[t - 1] = scan.output();
							pools[t - 1].call(() -> {
								SelectiveScan.run(scan.problem(out), kernels);
								return null;
							});
						}
						for (int t = 2; t <= 4; t++) org.junit.jupiter.api.Assertions.assertArrayEquals(y[0], y[t - 1],
							kernels.name() + ", " + directions + " direction(s), " + d + " channels on " + t + " threads");
					}
		}
		finally {
			for (Parallel p : pools) p.close();
		}
	}

	/** Vim's bidirectional form: forward plus the scan of the physically reversed sequence, reversed back. */
	@Test
	void bidirectionalEqualsForwardPlusReversedSequence() {
		int len = 29, d = 11, n = 4, row = 2 * n;
		Random r = new Random(2);
		float[] u = rand(r, len * d, 1), dt = rand(r, len * d, 1), bc = rand(r, len * row, 1);
		float[] a = new float[n * d];
		for (int i = 0; i < a.length; i++) a[i] = -(float) Math.exp(r.nextGaussian());
		float[] bias = rand(r, d, 1), skip = rand(r, d, 1);
		float[] y2 = new float[len * d];
		SelectiveScan.run(new SelectiveScan.Problem(1, len, d, n, u, false, concat(dt, dt), concat(a, a), concat(bias, bias),
			concat(skip, skip), bc, row, new int[] { 0, 0 }, new int[] { n, n }, CrossScan.bidirectional(len), y2));
		float[] fwd = new float[len * d], rev = new float[len * d];
		SelectiveScan.run(new SelectiveScan.Problem(1, len, d, n, u, false, dt, a, bias, skip, bc, row, new int[] { 0 },
			new int[] { n }, new int[][] { CrossScan.identity(len) }, fwd));
		SelectiveScan.run(new SelectiveScan.Problem(1, len, d, n, flipRows(u, d), false, flipRows(dt, d), a, bias, skip,
			flipRows(bc, row), row, new int[] { 0 }, new int[] { n }, new int[][] { CrossScan.identity(len) }, rev));
		float[] expected = new float[len * d], back = flipRows(rev, d);
		for (int i = 0; i < expected.length; i++) expected[i] = fwd[i] + back[i];
		assertClose(new Tensor(expected, len, d), new Tensor(y2, len, d), 1e-5, "bidirectional");
	}

	private static float[] concat(float[] a, float[] b) {
		float[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	private static float[] flipRows(float[] m, int width) {
		int rows = m.length / width;
		float[] out = new float[m.length];
		for (int i = 0; i < rows; i++) System.arraycopy(m, (rows - 1 - i) * width, out, i * width, width);
		return out;
	}

	@Test
	void crossScanOrdersVisitEveryPositionOnce() {
		for (int[] o : CrossScan.fourWay(5, 3)) {
			boolean[] seen = new boolean[15];
			for (int p : o) seen[p] = true;
			for (boolean s : seen) org.junit.jupiter.api.Assertions.assertTrue(s);
		}
		// column-major: step 1 is the pixel below the first one
		org.junit.jupiter.api.Assertions.assertEquals(3, CrossScan.columnMajor(5, 3)[1]);
	}

	private static float[] rand(Random r, int n, double scale) {
		float[] f = new float[n];
		for (int i = 0; i < n; i++) f[i] = (float) (r.nextGaussian() * scale);
		return f;
	}
}

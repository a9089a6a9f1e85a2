package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link DenseOp#applyRows}: a linear layer on a column slice of a wider tensor, written into part of a larger
 * buffer, gives exactly what slicing, applying and copying give (the Java engine reads and writes in place; the
 * default method copies), on one thread and on several.
 */
class DenseOpRowsTest {

	private static final int ROWS = 37, IN = 6, OUT = 40, WIDE = 23, AT = 5, PAD = 11;

	@Test
	void inPlaceEqualsSliceApplyCopy() throws IOException {
		Random r = new Random(3);
		float[] wide = random(r, ROWS * WIDE), w = random(r, OUT * IN), b = random(r, OUT);
		float[] slice = new float[ROWS * IN];
		for (int i = 0; i < ROWS; i++) System.arraycopy(wide, i * WIDE + AT, slice, i * IN, IN);
		for (Kernels k : new Kernels[] { Kernels.scalar(), Kernels.best() }) {
			DenseOp op = new JavaEngine(k).linear(new Tensor(w, OUT, IN), new Tensor(b, OUT));
			float[] expected = new float[PAD + ROWS * OUT];
			System.arraycopy(op.apply(new Tensor(slice, ROWS, IN)).data(), 0, expected, PAD, ROWS * OUT);
			DenseOp copying = op::apply; // the interface's default applyRows
			for (int threads : new int[] { 1, 3 }) {
				try (Parallel p = new Parallel(threads)) {
					float[] inPlace = new float[PAD + ROWS * OUT], viaDefault = new float[PAD + ROWS * OUT];
					p.call(() -> {
						op.applyRows(wide, AT, WIDE, ROWS, IN, inPlace, PAD);
						copying.applyRows(wide, AT, WIDE, ROWS, IN, viaDefault, PAD);
						return null;
					});
					assertArrayEquals(expected, inPlace, k.name() + ", " + threads + " threads");
					assertArrayEquals(expected, viaDefault, k.name() + ", default method");
				}
			}
		}
	}

	@Test
	void rowsOutsideTheArraysAreRefused() {
		DenseOp op = new JavaEngine().linear(new Tensor(new float[OUT * IN], OUT, IN), null);
		float[] wide = new float[ROWS * WIDE], out = new float[ROWS * OUT];
		assertThrows(IllegalArgumentException.class, () -> op.applyRows(wide, AT, WIDE, ROWS, IN + 1, out, 0));
		assertThrows(IllegalArgumentException.class, () -> op.applyRows(wide, WIDE - 2, WIDE, ROWS, IN, out, 0));
		assertThrows(IllegalArgumentException.class, () -> op.applyRows(wide, AT, WIDE, ROWS, IN, out, 1));
		assertThrows(IllegalArgumentException.class, () -> op.applyRows(wide, AT, IN - 1, ROWS, IN, out, 0));
	}

	private static float[] random(Random r, int n) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
		return v;
	}
}

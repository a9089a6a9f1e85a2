package org.mambaj.core;

/**
 * Scan orders over the positions of an H x W image stored row-major (position = y*W + x).
 * VMamba's SS2D scans four ways: rows, columns (the transposed image), and both reversed; its
 * cross-merge adds the four outputs back at each position, which {@link SelectiveScan} does directly.
 */
public final class CrossScan {

	private CrossScan() {}

	public static int[] identity(int length) {
		int[] o = new int[length];
		for (int i = 0; i < length; i++) o[i] = i;
		return o;
	}

	public static int[] reversed(int[] order) {
		int n = order.length;
		int[] o = new int[n];
		for (int i = 0; i < n; i++) o[i] = order[n - 1 - i];
		return o;
	}

	/** Column-major visit: step i reads the transposed image, i.e. y = i mod H, x = i div H. */
	public static int[] columnMajor(int h, int w) {
		int[] o = new int[h * w];
		for (int i = 0; i < o.length; i++) o[i] = (i % h) * w + i / h;
		return o;
	}

	/** The four SS2D directions in VMamba's order: rows, columns, rows reversed, columns reversed. */
	public static int[][] fourWay(int h, int w) {
		int[] rows = identity(h * w), cols = columnMajor(h, w);
		return new int[][] { rows, cols, reversed(rows), reversed(cols) };
	}

	/** Forward and backward over a sequence (Vim's bidirectional Mamba). */
	public static int[][] bidirectional(int length) {
		int[] fwd = identity(length);
		return new int[][] { fwd, reversed(fwd) };
	}
}

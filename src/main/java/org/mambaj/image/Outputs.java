package org.mambaj.image;

import java.util.function.UnaryOperator;

/**
 * Where the tiler's finished bands go: each output is one compact whole-image array written band by band (floats
 * for scores, a byte a pixel for masks and class maps, 16 bits for labels), never a float copy per class.
 */
final class Outputs {

	private Outputs() {}

	/** Scores as one channel-major float image. */
	static final class Floats implements Tiler.RowSink {
		private final int height, width;
		private Raster result;

		Floats(int height, int width) {
			this.height = height;
			this.width = width;
		}

		@Override
		public void rows(int y0, Plane rows) {
			if (y0 == 0 && rows.height() == height) { // one band: the whole image already
				result = Raster.of(rows);
				return;
			}
			if (result == null) result = Raster.allocate(Raster.Type.F32, rows.channels(), height, width);
			int n = rows.pixels();
			for (int c = 0; c < rows.channels(); c++)
				System.arraycopy(rows.data(), c * n, (float[]) result.array(c), result.offset(c) + y0 * width, n);
		}

		Raster result() {
			return result;
		}
	}

	/** A {0, 1} mask (per channel) decided band by band. */
	static final class Mask implements Tiler.RowSink {
		private final int height, width;
		private final UnaryOperator<Plane> decide;
		private Raster result;

		Mask(int height, int width, UnaryOperator<Plane> decide) {
			this.height = height;
			this.width = width;
			this.decide = decide;
		}

		@Override
		public void rows(int y0, Plane scores) {
			Plane rows = decide.apply(scores);
			if (result == null) result = Raster.allocate(Raster.Type.U8, rows.channels(), height, width);
			write(rows, result, y0 * width);
		}

		Raster result() {
			return result;
		}
	}

	/** The class map the instance step needs, a byte a pixel, kept band by band. */
	static final class ClassMap implements Tiler.RowSink {
		private final int height, width;
		private final UnaryOperator<Plane> before;
		private final double seedThreshold;
		private final byte[] map;

		ClassMap(int height, int width, UnaryOperator<Plane> before, double seedThreshold) {
			this.height = height;
			this.width = width;
			this.before = before;
			this.seedThreshold = seedThreshold;
			this.map = new byte[Math.multiplyExact(height, width)];
		}

		@Override
		public void rows(int y0, Plane scores) {
			Plane rows = before.apply(scores);
			if (rows.channels() < 2) throw new IllegalArgumentException(
				"instances_from_interior needs class scores with at least 2 channels, got " + rows.channels());
			PostProcessing.classMap(rows, map, y0 * width, seedThreshold);
		}

		/** 16-bit instance labels from the whole map. */
		Raster instances(int minSize) {
			Raster labels = Raster.allocate(Raster.Type.U16, 1, height, width);
			PostProcessing.instancesFromInterior(map, minSize, labels);
			return labels;
		}
	}

	/** A float label plane as 16-bit labels; refuses more than 65535 objects. */
	static Raster labels16(Plane labels) {
		int count = PostProcessing.countLabels(labels);
		if (count > 65535) throw new IllegalArgumentException(count + " objects do not fit in 16-bit labels");
		Raster out = Raster.allocate(Raster.Type.U16, labels.channels(), labels.height(), labels.width());
		write(labels, out, 0);
		return out;
	}

	/** A {0, 1} float plane as an 8-bit mask. */
	static Raster mask(Plane mask) {
		Raster out = Raster.allocate(Raster.Type.U8, mask.channels(), mask.height(), mask.width());
		write(mask, out, 0);
		return out;
	}

	private static void write(Plane rows, Raster out, int at) {
		int n = rows.pixels();
		for (int c = 0; c < rows.channels(); c++)
			for (int i = 0; i < n; i++) out.set(c, at + i, rows.data()[c * n + i]);
	}
}

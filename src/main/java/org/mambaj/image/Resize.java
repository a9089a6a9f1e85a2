package org.mambaj.image;

/** Resizing to a classifier's input size: block means for integer factors (as training does), else bilinear. */
public final class Resize {

	private Resize() {}

	public static Plane to(Plane p, int h, int w) {
		if (p.height() == h && p.width() == w) return p;
		if (p.height() % h == 0 && p.width() % w == 0) return blockMean(p, p.height() / h, p.width() / w);
		return bilinear(p, h, w);
	}

	static Plane blockMean(Plane p, int fy, int fx) {
		int c = p.channels(), h = p.height() / fy, w = p.width() / fx;
		float[] out = new float[c * h * w];
		for (int k = 0; k < c; k++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double s = 0;
					for (int dy = 0; dy < fy; dy++)
						for (int dx = 0; dx < fx; dx++) s += p.get(k, y * fy + dy, x * fx + dx);
					out[(k * h + y) * w + x] = (float) (s / (fy * fx));
				}
		return new Plane(out, c, h, w);
	}

	/** Bilinear with pixel centres aligned (align_corners = false). */
	static Plane bilinear(Plane p, int h, int w) {
		int c = p.channels(), ih = p.height(), iw = p.width();
		float[] out = new float[c * h * w];
		for (int y = 0; y < h; y++) {
			double sy = Math.max(0, Math.min(ih - 1, (y + 0.5) * ih / h - 0.5));
			int y0 = (int) sy, y1 = Math.min(ih - 1, y0 + 1);
			double fy = sy - y0;
			for (int x = 0; x < w; x++) {
				double sx = Math.max(0, Math.min(iw - 1, (x + 0.5) * iw / w - 0.5));
				int x0 = (int) sx, x1 = Math.min(iw - 1, x0 + 1);
				double fx = sx - x0;
				for (int k = 0; k < c; k++) {
					double top = p.get(k, y0, x0) * (1 - fx) + p.get(k, y0, x1) * fx;
					double bot = p.get(k, y1, x0) * (1 - fx) + p.get(k, y1, x1) * fx;
					out[(k * h + y) * w + x] = (float) (top * (1 - fy) + bot * fy);
				}
			}
		}
		return new Plane(out, c, h, w);
	}
}

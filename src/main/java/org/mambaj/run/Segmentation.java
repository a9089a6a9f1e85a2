package org.mambaj.run;

import org.mambaj.image.Plane;
import org.mambaj.image.Raster;

/**
 * A segmentation result: probabilities (C float channels), a {0, 1} mask (8-bit) or instance labels (16-bit, 0 =
 * background), which of them ({@code kind}, never AUTO), and the number of objects (4-connected components of a
 * mask; 0 for probabilities).
 */
public record Segmentation(Raster image, SegmentOutput kind, int count) {

	/** The result as float values (shared for probabilities, a copy for masks and labels). */
	public Plane plane() {
		return image.toPlane();
	}
}

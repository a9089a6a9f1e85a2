package org.mambaj.fiji.ij1;

import org.mambaj.run.Segmentation;

import ij.ImagePlus;

/** A segmentation as the ImageJ 1.x image written for it: 32-bit probabilities, an 8-bit binary mask or 16-bit labels. */
public final class ResultImages {

	private ResultImages() {}

	public static ImagePlus of(Segmentation s, String title, ImagePlus input) {
		return switch (s.kind()) {
			case MASK -> ImagePlusPlanes.toMask(s.image(), title, input);
			case LABELS -> ImagePlusPlanes.toLabels(s.image(), title, input);
			default -> ImagePlusPlanes.toFloat(s.image(), title, input);
		};
	}
}

package org.mambaj.fiji.ij1;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/** Input and output next to each other, at one height, for the documentation. */
final class SideBySide {

	static final int HEIGHT = 300, GAP = 8;

	private SideBySide() {}

	static void save(ImagePlus input, ImagePlus output, Path png) throws Exception {
		ImageProcessor a = scaled(input.getProcessor().convertToRGB());
		ImageProcessor b = scaled(output.getBitDepth() == 16 ? labelColours(output.getProcessor()) : output.getProcessor().convertToRGB());
		ColorProcessor both = new ColorProcessor(a.getWidth() + GAP + b.getWidth(), HEIGHT);
		both.setColor(java.awt.Color.WHITE);
		both.fill();
		both.insert(a, 0, 0);
		both.insert(b, a.getWidth() + GAP, 0);
		Files.createDirectories(png.toAbsolutePath().getParent());
		IJ.saveAs(new ImagePlus("", both), "png", png.toString());
	}

	private static ImageProcessor scaled(ImageProcessor ip) {
		ip.setInterpolationMethod(ImageProcessor.BILINEAR);
		return ip.resize(Math.max(1, ip.getWidth() * HEIGHT / ip.getHeight()), HEIGHT, true);
	}

	/** Label 0 black, every other label a colour of its own (a hash of the label). */
	private static ColorProcessor labelColours(ImageProcessor labels) {
		ColorProcessor cp = new ColorProcessor(labels.getWidth(), labels.getHeight());
		for (int i = 0; i < labels.getPixelCount(); i++) {
			int l = labels.get(i);
			int h = l * 0x9E3779B1;
			cp.set(i, l == 0 ? 0 : 0x404040 | (h >>> 8 & 0xBFBFBF));
		}
		return cp;
	}
}

package org.mambaj.image;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * ImageJ 1.x images to and from {@link Plane}s. RGB images give 3 channels; a multi-channel (composite) image
 * gives its channels; 8-, 16- and 32-bit values are used as stored (no density calibration). Outputs keep the
 * input's spatial calibration.
 */
public final class ImagePlusPlanes {

	private ImagePlusPlanes() {}

	/** The image's channels at its current Z and T position; refuses Z stacks and time series. */
	public static Plane toPlane(ImagePlus imp) {
		if (imp.getNSlices() > 1 || imp.getNFrames() > 1) throw new IllegalArgumentException(imp.getTitle() +
			" has " + imp.getNSlices() + " slices and " + imp.getNFrames() + " frames; MambaJ works on 2D images");
		int w = imp.getWidth(), h = imp.getHeight(), n = w * h;
		if (imp.getType() == ImagePlus.COLOR_RGB) {
			float[] data = new float[3 * n];
			byte[] r = new byte[n], g = new byte[n], b = new byte[n];
			((ColorProcessor) imp.getProcessor()).getRGB(r, g, b);
			for (int i = 0; i < n; i++) {
				data[i] = r[i] & 0xff;
				data[n + i] = g[i] & 0xff;
				data[2 * n + i] = b[i] & 0xff;
			}
			return new Plane(data, 3, h, w);
		}
		int c = imp.getNChannels();
		float[] data = new float[c * n];
		ImageStack stack = imp.getStack();
		for (int k = 0; k < c; k++) {
			ImageProcessor ip = stack.getProcessor(imp.getStackIndex(k + 1, 1, 1));
			for (int i = 0; i < n; i++) data[k * n + i] = ip.getf(i);
		}
		return new Plane(data, c, h, w);
	}

	/** 32-bit image(s) of the plane (a channel stack for several channels), calibrated like {@code like}. */
	public static ImagePlus toFloat(Plane p, String title, ImagePlus like) {
		int n = p.pixels();
		ImageStack stack = new ImageStack(p.width(), p.height());
		for (int k = 0; k < p.channels(); k++) {
			float[] channel = new float[n];
			System.arraycopy(p.data(), k * n, channel, 0, n);
			stack.addSlice(new FloatProcessor(p.width(), p.height(), channel));
		}
		ImagePlus out = new ImagePlus(title, stack);
		if (p.channels() > 1) out.setDimensions(p.channels(), 1, 1);
		out.resetDisplayRange();
		return calibrateLike(out, like);
	}

	/** A {0, 1} mask as an ImageJ binary image (0 and 255). */
	public static ImagePlus toMask(Plane mask, String title, ImagePlus like) {
		byte[] px = new byte[mask.pixels()];
		float[] d = mask.data();
		for (int i = 0; i < px.length; i++) px[i] = d[i] != 0 ? (byte) 255 : 0;
		return calibrateLike(new ImagePlus(title, new ByteProcessor(mask.width(), mask.height(), px)), like);
	}

	/** Instance labels as a 16-bit image (0 = background). */
	public static ImagePlus toLabels(Plane labels, String title, ImagePlus like) {
		int count = PostProcessing.countLabels(labels);
		if (count > 65535) throw new IllegalArgumentException(count + " objects do not fit in 16-bit labels");
		short[] px = new short[labels.pixels()];
		float[] d = labels.data();
		for (int i = 0; i < px.length; i++) px[i] = (short) d[i];
		ImagePlus out = new ImagePlus(title, new ShortProcessor(labels.width(), labels.height(), px, null));
		out.setDisplayRange(0, Math.max(1, count));
		return calibrateLike(out, like);
	}

	/** {@code like}'s spatial calibration; a result larger than {@code like} (super-resolution) has smaller pixels. */
	private static ImagePlus calibrateLike(ImagePlus out, ImagePlus like) {
		if (like != null) {
			ij.measure.Calibration cal = like.getCalibration().copy();
			cal.disableDensityCalibration();
			double sx = (double) out.getWidth() / like.getWidth(), sy = (double) out.getHeight() / like.getHeight();
			if (sx != 1 || sy != 1) {
				cal.pixelWidth /= sx;
				cal.pixelHeight /= sy;
				cal.xOrigin *= sx; // origins are in pixels
				cal.yOrigin *= sy;
			}
			out.setCalibration(cal);
		}
		return out;
	}
}

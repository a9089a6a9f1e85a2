package org.mambaj.fiji.ij1;

import java.util.Arrays;

import org.mambaj.image.Plane;
import org.mambaj.image.PostProcessing;
import org.mambaj.image.Raster;

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
		return toRaster(imp).toPlane();
	}

	/**
	 * The image's channels at its current Z and T position, sharing ImageJ's pixel arrays (8-, 16- and 32-bit);
	 * RGB is split into three 8-bit channels. Refuses Z stacks and time series.
	 */
	public static Raster toRaster(ImagePlus imp) {
		if (imp.getNSlices() > 1 || imp.getNFrames() > 1) throw new IllegalArgumentException(imp.getTitle() +
			" has " + imp.getNSlices() + " slices and " + imp.getNFrames() + " frames; MambaJ works on 2D images");
		int w = imp.getWidth(), h = imp.getHeight(), n = w * h;
		if (imp.getType() == ImagePlus.COLOR_RGB) {
			byte[] r = new byte[n], g = new byte[n], b = new byte[n];
			((ColorProcessor) imp.getProcessor()).getRGB(r, g, b);
			return Raster.bytes(h, w, r, g, b);
		}
		int c = imp.getNChannels();
		ImageStack stack = imp.getStack();
		Object[] pixels = new Object[c];
		for (int k = 0; k < c; k++) pixels[k] = stack.getPixels(imp.getStackIndex(k + 1, 1, 1));
		return switch (imp.getBitDepth()) {
			case 8 -> Raster.bytes(h, w, Arrays.copyOf(pixels, c, byte[][].class));
			case 16 -> Raster.shorts(h, w, Arrays.copyOf(pixels, c, short[][].class));
			case 32 -> Raster.floats(h, w, Arrays.copyOf(pixels, c, float[][].class));
			default -> throw new IllegalArgumentException(imp.getTitle() + " is a " + imp.getBitDepth() +
				"-bit image; MambaJ reads 8-, 16- and 32-bit and RGB images");
		};
	}

	/** 32-bit image(s) of the plane (a channel stack for several channels), calibrated like {@code like}. */
	public static ImagePlus toFloat(Plane p, String title, ImagePlus like) {
		return toFloat(Raster.of(p), title, like);
	}

	/** 32-bit image(s) of a float image (sharing its array when it has one channel), calibrated like {@code like}. */
	public static ImagePlus toFloat(Raster r, String title, ImagePlus like) {
		if (r.type() != Raster.Type.F32) throw new IllegalArgumentException("expected a float image, got " + r);
		int n = r.pixels();
		ImageStack stack = new ImageStack(r.width(), r.height());
		for (int k = 0; k < r.channels(); k++) {
			float[] array = (float[]) r.array(k), channel = array;
			if (r.offset(k) != 0 || array.length != n) System.arraycopy(array, r.offset(k), channel = new float[n], 0, n);
			stack.addSlice(new FloatProcessor(r.width(), r.height(), channel));
		}
		ImagePlus out = new ImagePlus(title, stack);
		if (r.channels() > 1) out.setDimensions(r.channels(), 1, 1);
		out.resetDisplayRange();
		return calibrateLike(out, like);
	}

	/** A {0, 1} mask as an ImageJ binary image (0 and 255). */
	public static ImagePlus toMask(Plane mask, String title, ImagePlus like) {
		return toMask(Raster.of(mask), title, like);
	}

	/** A {0, 1} mask (its first channel) as an ImageJ binary image (0 and 255). */
	public static ImagePlus toMask(Raster mask, String title, ImagePlus like) {
		byte[] px = new byte[mask.pixels()];
		for (int i = 0; i < px.length; i++) px[i] = mask.get(0, i) != 0 ? (byte) 255 : 0;
		return calibrateLike(new ImagePlus(title, new ByteProcessor(mask.width(), mask.height(), px)), like);
	}

	/** Instance labels as a 16-bit image (0 = background). */
	public static ImagePlus toLabels(Plane labels, String title, ImagePlus like) {
		int count = PostProcessing.countLabels(labels);
		if (count > 65535) throw new IllegalArgumentException(count + " objects do not fit in 16-bit labels");
		return toLabels(Raster.of(labels), title, like);
	}

	/** Instance labels (their first channel) as a 16-bit image (0 = background), sharing a 16-bit image's array. */
	public static ImagePlus toLabels(Raster labels, String title, ImagePlus like) {
		int count = PostProcessing.countLabels(labels);
		if (count > 65535) throw new IllegalArgumentException(count + " objects do not fit in 16-bit labels");
		short[] px;
		if (labels.type() == Raster.Type.U16 && labels.offset(0) == 0 && ((short[]) labels.array(0)).length == labels.pixels())
			px = (short[]) labels.array(0);
		else {
			px = new short[labels.pixels()];
			for (int i = 0; i < px.length; i++) px[i] = (short) labels.get(0, i);
		}
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

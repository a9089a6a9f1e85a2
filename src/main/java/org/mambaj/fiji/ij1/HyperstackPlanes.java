package org.mambaj.fiji.ij1;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.mambaj.image.Plane;

/**
 * The 2D planes a model runs on in an ImageJ 1.x image, and the assembly of the results into an image with
 * the same z/t dimensions and calibration. An RGB pixel is one 3-channel plane; the channels of a hyperstack
 * are either one plane each, or, when {@code groupChannels} (an RGB model on a 3-channel image), one
 * multi-channel plane per z/t position.
 */
final class HyperstackPlanes {

	/** One model input: where it comes from (1-based c, z, t; c = 0 when all channels are grouped). */
	record Position(int c, int z, int t) {
		String label() {
			return (c > 0 ? "c:" + c + " " : "") + "z:" + z + " t:" + t;
		}
	}

	private final ImagePlus image;
	private final boolean grouped;
	private final List<Position> positions = new ArrayList<>();

	HyperstackPlanes(ImagePlus image, boolean groupChannels) {
		this.image = image;
		this.grouped = groupChannels && image.getNChannels() > 1 && image.getBitDepth() != 24;
		for (int t = 1; t <= image.getNFrames(); t++)
			for (int z = 1; z <= image.getNSlices(); z++)
				if (grouped) positions.add(new Position(0, z, t));
				else for (int c = 1; c <= image.getNChannels(); c++) positions.add(new Position(c, z, t));
	}

	List<Position> positions() {
		return positions;
	}

	/** How many output channels one model output of {@code outputChannels} channels becomes per z/t. */
	int channelsPerPosition() {
		return grouped ? 1 : image.getNChannels();
	}

	/** The plane at a position as float32, intensities calibrated (e.g. signed 16-bit). */
	Plane read(Position p) {
		ImageStack stack = image.getStack();
		int w = image.getWidth(), h = image.getHeight(), n = w * h;
		if (grouped) {
			int channels = image.getNChannels();
			float[] data = new float[channels * n];
			for (int c = 1; c <= channels; c++)
				copyGrey(stack.getProcessor(image.getStackIndex(c, p.z(), p.t())), data, (c - 1) * n);
			return new Plane(data, channels, h, w);
		}
		ImageProcessor ip = stack.getProcessor(image.getStackIndex(p.c(), p.z(), p.t()));
		if (ip instanceof ColorProcessor cp) {
			float[] data = new float[3 * n];
			int[] rgb = (int[]) cp.getPixels();
			for (int i = 0; i < n; i++) {
				data[i] = (rgb[i] >> 16) & 0xff;
				data[n + i] = (rgb[i] >> 8) & 0xff;
				data[2 * n + i] = rgb[i] & 0xff;
			}
			return new Plane(data, 3, h, w);
		}
		float[] data = new float[n];
		copyGrey(ip, data, 0);
		return new Plane(data, 1, h, w);
	}

	private void copyGrey(ImageProcessor ip, float[] out, int offset) {
		float[] table = image.getBitDepth() == 32 ? null : image.getCalibration().getCTable();
		int n = ip.getPixelCount();
		for (int i = 0; i < n; i++) {
			int raw = ip.get(i);
			out[offset + i] = table != null ? table[raw] : ip.getf(i);
		}
	}

	/**
	 * An image of the outputs, one per position in {@link #positions()} order, each with K channels: the
	 * result has C' = channelsPerPosition * K channels and the input's z, t and spatial calibration.
	 *
	 * @param labels 16-bit (instance labels, masks) instead of 32-bit
	 */
	ImagePlus assemble(List<Plane> outputs, String title, boolean labels) {
		int w = image.getWidth(), h = image.getHeight();
		int k = outputs.get(0).channels(), perPosition = channelsPerPosition();
		ImageStack stack = new ImageStack(w, h);
		// outputs are in t, z, c order; ImageJ stacks are c, z, t with c fastest: the same order
		for (Plane out : outputs)
			for (int ch = 0; ch < k; ch++) stack.addSlice(processor(out, ch, labels));
		ImagePlus result = new ImagePlus(title, stack);
		int channels = perPosition * k;
		result.setDimensions(channels, image.getNSlices(), image.getNFrames());
		if (channels > 1 || image.isHyperStack()) result.setOpenAsHyperStack(true);
		Calibration cal = image.getCalibration().copy();
		cal.disableDensityCalibration(); // the values are the model's, not the input's
		result.setCalibration(cal);
		if (channels > 1) result = new ij.CompositeImage(result, ij.CompositeImage.GRAYSCALE);
		if (labels) result.setDisplayRange(0, Math.max(1, maxValue(outputs)));
		else result.resetDisplayRange();
		return result;
	}

	private static ImageProcessor processor(Plane p, int channel, boolean labels) {
		int w = p.width(), h = p.height(), n = w * h;
		float[] src = p.data();
		if (labels) {
			short[] px = new short[n];
			for (int i = 0; i < n; i++) px[i] = (short) Math.min(65535, Math.max(0, Math.round(src[channel * n + i])));
			return new ShortProcessor(w, h, px, null);
		}
		float[] px = new float[n];
		System.arraycopy(src, channel * n, px, 0, n);
		return new FloatProcessor(w, h, px);
	}

	private static float maxValue(List<Plane> planes) {
		float max = 0;
		for (Plane p : planes) for (float v : p.data()) max = Math.max(max, v);
		return max;
	}
}

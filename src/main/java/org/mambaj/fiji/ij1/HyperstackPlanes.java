package org.mambaj.fiji.ij1;

import java.util.ArrayList;
import java.util.List;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;

import org.mambaj.image.Raster;

/**
 * The 2D planes a model runs on in an ImageJ 1.x hyperstack, and the assembly of the per-plane results into
 * one image with the input's z/t dimensions and calibration. Each channel is a plane of its own, unless
 * {@code groupChannels} (a model taking 3 channels): then the channels at one z/t position form one plane.
 * An RGB pixel is always one 3-channel plane. Pixel conversion is {@link ImagePlusPlanes}', shared with the
 * SciJava commands.
 */
final class HyperstackPlanes {

	/** One model input: 1-based c, z, t; c = 0 when the channels are grouped. */
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
		this.grouped = groupChannels && image.getNChannels() > 1;
		for (int t = 1; t <= image.getNFrames(); t++)
			for (int z = 1; z <= image.getNSlices(); z++)
				if (grouped) positions.add(new Position(0, z, t));
				else for (int c = 1; c <= image.getNChannels(); c++) positions.add(new Position(c, z, t));
	}

	List<Position> positions() {
		return positions;
	}

	/** The plane at a position (a view of the image's pixel arrays, not a copy). */
	Raster read(Position p) {
		ImageStack stack = image.getStack();
		ImageStack view = new ImageStack(image.getWidth(), image.getHeight());
		if (grouped) for (int c = 1; c <= image.getNChannels(); c++)
			view.addSlice(stack.getProcessor(image.getStackIndex(c, p.z(), p.t())));
		else view.addSlice(stack.getProcessor(image.getStackIndex(p.c(), p.z(), p.t())));
		ImagePlus plane = new ImagePlus("", view);
		plane.setDimensions(view.getSize(), 1, 1);
		return ImagePlusPlanes.toRaster(plane);
	}

	/**
	 * One image of the results, one per position in {@link #positions()} order, each with K channels: the
	 * result has (channels per position) x K channels, the input's z and t, and the results' size and spatial
	 * calibration.
	 */
	ImagePlus assemble(List<ImagePlus> results, String title) {
		ImagePlus first = results.get(0);
		ImageStack stack = new ImageStack(first.getWidth(), first.getHeight()); // larger than the input after super-resolution
		// results come in t, z, c order, each adding its K channels: ImageJ's c-fastest stack order
		for (ImagePlus r : results)
			for (int k = 1; k <= r.getStackSize(); k++) stack.addSlice(r.getStack().getProcessor(k));
		int channels = (grouped ? 1 : image.getNChannels()) * first.getStackSize();
		ImagePlus out = new ImagePlus(title, stack);
		out.setDimensions(channels, image.getNSlices(), image.getNFrames());
		out.setCalibration(first.getCalibration());
		if (channels > 1) out = new CompositeImage(out, CompositeImage.GRAYSCALE);
		else if (out.getStackSize() > 1) out.setOpenAsHyperStack(image.isHyperStack() || image.getNFrames() > 1);
		if (first.getBitDepth() == 32) out.resetDisplayRange();
		else out.setDisplayRange(first.getDisplayRangeMin(), maxDisplay(results));
		return out;
	}

	private static double maxDisplay(List<ImagePlus> results) {
		double max = 1;
		for (ImagePlus r : results) max = Math.max(max, r.getDisplayRangeMax());
		return max;
	}
}

package org.mambaj.fiji;

import org.mambaj.image.Plane;
import org.mambaj.image.PostProcessing;
import org.mambaj.image.Raster;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

/**
 * ImgLib2 images to and from {@link Plane}s. Images are (X, Y) or (X, Y, C): iterated flat, X fastest, that is
 * exactly the plane's channel-major order, so conversion is one pass; outputs wrap the plane's array (no copy).
 */
public final class ImgPlanes {

	private ImgPlanes() {}

	/**
	 * @param channelAxis whether the third axis of a 3D image holds channels (stacks of planes are not supported)
	 */
	public static Plane toPlane(RandomAccessibleInterval<? extends RealType<?>> image, boolean channelAxis) {
		return toPlane(image, channelAxis, true);
	}

	/** Checks the axes and size; copies the values into a plane when {@code copy}, else returns null. */
	private static Plane toPlane(RandomAccessibleInterval<? extends RealType<?>> image, boolean channelAxis, boolean copy) {
		int n = image.numDimensions();
		if (n == 3 && !channelAxis) throw new IllegalArgumentException("the image has 3 axes; set channel_axis if " +
			"the third axis is channels (MambaJ works on 2D images)");
		if (n != 2 && n != 3) throw new IllegalArgumentException("the image has " + n + " axes; MambaJ takes " +
			"2D images (X, Y) or 2D images with channels (X, Y, C)");
		long w = image.dimension(0), h = image.dimension(1), c = n == 3 ? image.dimension(2) : 1;
		if (w * h * c > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the image is too large (" + w + "x" +
			h + "x" + c + " values; at most 2^31)");
		if (!copy) return null;
		float[] data = new float[(int) (w * h * c)];
		int i = 0;
		for (RealType<?> v : Views.flatIterable(image)) data[i++] = v.getRealFloat();
		return new Plane(data, (int) c, (int) h, (int) w);
	}

	/**
	 * The image in its own pixel type where MambaJ has one (unsigned 8- and 16-bit; everything else as float): one
	 * compact copy, a byte a pixel for an 8-bit image instead of a float copy's four.
	 */
	public static Raster toRaster(RandomAccessibleInterval<? extends RealType<?>> image, boolean channelAxis) {
		RealType<?> type = Util.getTypeFromInterval(image);
		if (!(type instanceof UnsignedByteType || type instanceof UnsignedShortType)) return Raster.of(toPlane(image, channelAxis));
		toPlane(image, channelAxis, false); // the same checks, nothing copied
		int w = (int) image.dimension(0), h = (int) image.dimension(1), c = image.numDimensions() == 3 ? (int) image.dimension(2) : 1;
		Raster out = Raster.allocate(type instanceof UnsignedByteType ? Raster.Type.U8 : Raster.Type.U16, c, h, w);
		for (int k = 0; k < c; k++) {
			int i = 0;
			RandomAccessibleInterval<? extends RealType<?>> channel = image.numDimensions() == 2 ? image : Views.hyperSlice(image, 2, k);
			for (RealType<?> v : Views.flatIterable(channel)) out.set(k, i++, v.getRealFloat());
		}
		return out;
	}

	/** The plane as (X, Y) when it has one channel, else (X, Y, C); shares the plane's array. */
	public static Img<FloatType> toImg(Plane p) {
		return p.channels() == 1 ? ArrayImgs.floats(p.data(), p.width(), p.height())
			: ArrayImgs.floats(p.data(), p.width(), p.height(), p.channels());
	}

	/** A 16-bit label image as (X, Y), sharing its array. */
	public static Img<UnsignedShortType> toLabels(Raster labels) {
		if (labels.type() != Raster.Type.U16 || labels.channels() != 1 || labels.offset(0) != 0) return toLabels(labels.toPlane());
		return ArrayImgs.unsignedShorts((short[]) labels.array(0), labels.width(), labels.height());
	}

	/** A one-channel label plane as 16-bit labels; refuses more than 65535 objects. */
	public static Img<UnsignedShortType> toLabels(Plane labels) {
		if (labels.channels() != 1) throw new IllegalArgumentException("labels must have one channel, got " + labels);
		int count = PostProcessing.countLabels(labels);
		if (count > 65535) throw new IllegalArgumentException(count + " objects do not fit in 16-bit labels");
		ArrayImg<UnsignedShortType, ShortArray> img = ArrayImgs.unsignedShorts(labels.width(), labels.height());
		Cursor<UnsignedShortType> cursor = img.cursor();
		for (float v : labels.data()) cursor.next().set((int) v);
		return img;
	}
}

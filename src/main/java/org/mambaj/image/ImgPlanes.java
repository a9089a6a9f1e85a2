package org.mambaj.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
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
		int n = image.numDimensions();
		if (n == 3 && !channelAxis) throw new IllegalArgumentException("the image has 3 axes; set channel_axis if " +
			"the third axis is channels (MambaJ works on 2D images)");
		if (n != 2 && n != 3) throw new IllegalArgumentException("the image has " + n + " axes; MambaJ takes " +
			"2D images (X, Y) or 2D images with channels (X, Y, C)");
		long w = image.dimension(0), h = image.dimension(1), c = n == 3 ? image.dimension(2) : 1;
		if (w * h * c > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the image is too large (" + w + "x" +
			h + "x" + c + " values; at most 2^31)");
		float[] data = new float[(int) (w * h * c)];
		int i = 0;
		for (RealType<?> v : Views.flatIterable(image)) data[i++] = v.getRealFloat();
		return new Plane(data, (int) c, (int) h, (int) w);
	}

	/** The plane as (X, Y) when it has one channel, else (X, Y, C); shares the plane's array. */
	public static Img<FloatType> toImg(Plane p) {
		return p.channels() == 1 ? ArrayImgs.floats(p.data(), p.width(), p.height())
			: ArrayImgs.floats(p.data(), p.width(), p.height(), p.channels());
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

package org.mambaj.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mambaj.fiji.ij1.ImagePlusPlanes;
import org.mambaj.image.Plane;
import org.mambaj.image.PostProcessing;
import org.mambaj.image.Raster;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** Conversions between ImgLib2 / ImageJ 1.x images and planes: axis order, channels, types, calibration. */
class ImagePlanesTest {

	@Test
	void imgAxesMapToPlaneChannelRowColumn() {
		Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(5, 3, 2); // X, Y, C
		RandomAccess<UnsignedShortType> ra = img.randomAccess();
		for (int c = 0; c < 2; c++)
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 5; x++) {
					ra.setPosition(new int[] { x, y, c });
					ra.get().set(100 * c + 10 * y + x);
				}
		Plane p = ImgPlanes.toPlane(img, true);
		assertEquals(2, p.channels());
		assertEquals(3, p.height());
		assertEquals(5, p.width());
		assertEquals(124, p.get(1, 2, 4));
		assertEquals(13, p.get(0, 1, 3));
		// a view with an offset origin is read from its own interval
		Plane crop = ImgPlanes.toPlane(Views.interval(img, new long[] { 1, 1, 0 }, new long[] { 4, 2, 1 }), true);
		assertEquals(11, crop.get(0, 0, 0));
		assertEquals(124, crop.get(1, 1, 3));
	}

	@Test
	void outputImgSharesThePlanesArray() {
		Plane p = new Plane(new float[] { 1, 2, 3, 4, 5, 6 }, 1, 2, 3);
		Img<FloatType> img = ImgPlanes.toImg(p);
		assertArrayEquals(new long[] { 3, 2 }, img.dimensionsAsLongArray());
		@SuppressWarnings("unchecked")
		float[] data = ((ArrayImg<FloatType, FloatArray>) img).update(null).getCurrentStorageArray();
		assertSame(p.data(), data);
		assertArrayEquals(new long[] { 3, 2, 2 }, ImgPlanes.toImg(new Plane(new float[12], 2, 2, 3)).dimensionsAsLongArray());
	}

	@Test
	void labelsBeyond16BitsAreRefused() {
		Plane many = new Plane(new float[] { 0, 70000 }, 1, 1, 2);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImgPlanes.toLabels(many)).getMessage().contains("16-bit"));
	}

	@Test
	void fourAxesAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> ImgPlanes.toPlane(ArrayImgs.floats(4, 4, 3, 2), true));
	}

	@Test
	void rgbImagePlusGivesRedGreenBlueChannels() {
		ColorProcessor cp = new ColorProcessor(2, 1);
		cp.set(0, 0, 0x102030);
		cp.set(1, 0, 0xff0001);
		Plane p = ImagePlusPlanes.toPlane(new ImagePlus("rgb", cp));
		assertArrayEquals(new float[] { 0x10, 0xff, 0x20, 0, 0x30, 1 }, p.data());
	}

	@Test
	void compositeChannelsAndStacks() {
		ImageStack stack = new ImageStack(2, 2);
		stack.addSlice(new ShortProcessor(2, 2, new short[] { 1, 2, 3, 4 }, null));
		stack.addSlice(new ShortProcessor(2, 2, new short[] { 5, 6, 7, (short) 60000 }, null));
		ImagePlus twoChannels = new ImagePlus("c", stack);
		twoChannels.setDimensions(2, 1, 1);
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6, 7, 60000 }, ImagePlusPlanes.toPlane(twoChannels).data());
		ImagePlus zStack = new ImagePlus("z", stack.duplicate());
		zStack.setDimensions(1, 2, 1);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImagePlusPlanes.toPlane(zStack)).getMessage().contains("2 slices"));
	}

	@Test
	void outputsKeepTheSpatialCalibration() {
		ImagePlus in = new ImagePlus("in", new FloatProcessor(3, 2));
		in.getCalibration().pixelWidth = 0.25;
		in.getCalibration().setUnit("µm");
		Plane labels = new Plane(new float[] { 0, 1, 1, 0, 2, 2 }, 1, 2, 3);
		ImagePlus l = ImagePlusPlanes.toLabels(labels, "labels", in);
		assertEquals(16, l.getBitDepth());
		assertEquals(0.25, l.getCalibration().pixelWidth);
		assertEquals("µm", l.getCalibration().getUnit());
		ImagePlus m = ImagePlusPlanes.toMask(PostProcessing.binarize(labels, 0), "mask", in);
		assertEquals(8, m.getBitDepth());
		assertEquals(255, m.getProcessor().get(1));
		ImagePlus f = ImagePlusPlanes.toFloat(new Plane(new float[12], 2, 2, 3), "p", in);
		assertEquals(2, f.getNChannels());
		assertEquals(0.25, f.getCalibration().pixelWidth);
	}
}

package org.mambaj.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.mambaj.fiji.ij1.ImagePlusPlanes;
import org.mambaj.image.Plane;
import org.mambaj.image.Raster;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/** ImageJ images are read in their own pixel type without a copy, and results are written into ImageJ without one. */
class RasterAdaptersTest {

	@Test
	void imageJPixelArraysAreSharedNotCopied() {
		byte[] bytes = { 1, (byte) 200, 3, 4, 5, 6 };
		Raster b = ImagePlusPlanes.toRaster(new ImagePlus("8", new ByteProcessor(3, 2, bytes)));
		assertEquals(Raster.Type.U8, b.type());
		assertSame(bytes, b.array(0));
		assertEquals(200, b.get(0, 0, 1));
		short[] shorts = { 1, 2, (short) 60000, 4 };
		Raster s = ImagePlusPlanes.toRaster(new ImagePlus("16", new ShortProcessor(2, 2, shorts, null)));
		assertSame(shorts, s.array(0));
		assertEquals(60000, s.get(0, 1, 0));
		ImageStack stack = new ImageStack(2, 1);
		float[] c1 = { 1, 2 }, c2 = { 3, 4 };
		stack.addSlice(new FloatProcessor(2, 1, c1));
		stack.addSlice(new FloatProcessor(2, 1, c2));
		ImagePlus two = new ImagePlus("32", stack);
		two.setDimensions(2, 1, 1);
		Raster f = ImagePlusPlanes.toRaster(two);
		assertSame(c2, f.array(1));
		assertArrayEquals(new float[] { 1, 2, 3, 4 }, f.toPlane().data());
	}

	@Test
	void rgbBecomesThreeByteChannels() {
		ColorProcessor cp = new ColorProcessor(2, 1, new int[] { 0x0a141e, 0xff0001 });
		Raster r = ImagePlusPlanes.toRaster(new ImagePlus("rgb", cp));
		assertEquals(Raster.Type.U8, r.type());
		assertArrayEquals(new float[] { 10, 255, 20, 0, 30, 1 }, r.toPlane().data());
	}

	@Test
	void labelsAndFloatResultsAreWrappedWithoutACopy() {
		Raster labels = Raster.allocate(Raster.Type.U16, 1, 2, 3);
		labels.set(0, 4, 7);
		ImagePlus l = ImagePlusPlanes.toLabels(labels, "labels", null);
		assertSame(labels.array(0), l.getProcessor().getPixels());
		assertEquals(7, l.getProcessor().getPixelValue(1, 1), 0);
		Raster scores = Raster.allocate(Raster.Type.F32, 1, 2, 3);
		assertSame(scores.array(0), ImagePlusPlanes.toFloat(scores, "p", null).getProcessor().getPixels());
		Raster mask = Raster.allocate(Raster.Type.U8, 1, 2, 2);
		mask.set(0, 3, 1);
		assertArrayEquals(new byte[] { 0, 0, 0, (byte) 255 }, (byte[]) ImagePlusPlanes.toMask(mask, "m", null).getProcessor().getPixels());
	}

	@Test
	void imgLib2IntegerImagesAreCopiedInTheirOwnType() {
		Img<UnsignedByteType> rgb = ArrayImgs.unsignedBytes(5, 4, 3);
		int i = 0;
		for (UnsignedByteType t : rgb) t.set(i++ * 7 % 256);
		Raster r = ImgPlanes.toRaster(rgb, true);
		assertEquals(Raster.Type.U8, r.type());
		assertArrayEquals(ImgPlanes.toPlane(rgb, true).data(), r.toPlane().data());
		Img<UnsignedShortType> grey = ArrayImgs.unsignedShorts(new short[] { 1, (short) 65000, 3, 4 }, 2, 2);
		Raster g = ImgPlanes.toRaster(grey, false);
		assertEquals(Raster.Type.U16, g.type());
		assertEquals(65000, g.get(0, 0, 1));
		assertEquals(Raster.Type.F32, ImgPlanes.toRaster(ArrayImgs.floats(3, 3), false).type());
	}

	@Test
	void aPlaneIsWrappedAndItsFloatViewIsTheSameArray() {
		Plane p = new Plane(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 1, 3);
		Raster r = Raster.of(p);
		assertEquals(5, r.get(1, 0, 1));
		assertSame(p.data(), r.toPlane().data());
	}
}

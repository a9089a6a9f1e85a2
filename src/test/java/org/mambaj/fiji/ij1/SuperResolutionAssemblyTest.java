package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mambaj.image.Plane;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/** Per-plane results larger than the input (super-resolution) assemble into a hyperstack of their size. */
class SuperResolutionAssemblyTest {

	@Test
	void resultsTwiceTheInputKeepZAndTAndGetFinerPixels() {
		ImageStack stack = new ImageStack(10, 8);
		for (int i = 0; i < 6; i++) stack.addSlice(new FloatProcessor(10, 8));
		ImagePlus image = new ImagePlus("zt", stack);
		image.setDimensions(1, 3, 2);
		image.getCalibration().pixelWidth = 0.4;
		image.getCalibration().pixelHeight = 0.4;
		image.getCalibration().pixelDepth = 2;
		HyperstackPlanes planes = new HyperstackPlanes(image, false);
		List<ImagePlus> results = new ArrayList<>();
		for (int i = 0; i < planes.positions().size(); i++) {
			float[] px = new float[20 * 16];
			px[0] = i;
			results.add(ImagePlusPlanes.toFloat(new Plane(px, 1, 16, 20), "", image));
		}
		ImagePlus out = planes.assemble(results, "sr");
		assertEquals(20, out.getWidth());
		assertEquals(16, out.getHeight());
		assertEquals(3, out.getNSlices());
		assertEquals(2, out.getNFrames());
		assertEquals(0.2, out.getCalibration().pixelWidth, 1e-12);
		assertEquals(0.2, out.getCalibration().pixelHeight, 1e-12);
		assertEquals(2, out.getCalibration().pixelDepth, 1e-12);
		assertEquals(5f, out.getStack().getProcessor(6).getf(0), 0f);
	}
}

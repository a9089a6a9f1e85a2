package org.mambaj.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.mambaj.core.Tensor;
import org.mambaj.io.Npy;

/** nnU-Net's sliding-window steps and Gaussian importance map (values written by training/nnunet_ref.py with scipy). */
class SlidingWindowTest {

	@Test
	void stepsAreNnUNets() {
		// nnU-Net's own example: image 110, patch 64, step 0.5 -> 0, 23, 46
		assertArrayEquals(new int[] { 0, 23, 46 }, SlidingWindow.starts(new int[] { 110 }, new int[] { 64 }, 0.5)[0]);
		assertArrayEquals(new int[] { 0 }, SlidingWindow.starts(new int[] { 64 }, new int[] { 64 }, 0.5)[0]);
		// 70 pixels, patch 24: ceil(46 / 12) + 1 = 5 steps of 11.5, rounded half to even: 0, 12, 23, 34, 46
		assertArrayEquals(new int[] { 0, 12, 23, 34, 46 }, SlidingWindow.starts(new int[] { 70 }, new int[] { 24 }, 0.5)[0]);
		assertThrows(IllegalArgumentException.class, () -> SlidingWindow.starts(new int[] { 10 }, new int[] { 12 }, 0.5));
	}

	@ParameterizedTest
	@ValueSource(strings = { "32x24", "24x12", "7x5" })
	void gaussianMatchesScipysFilteredImpulse(String size) throws Exception {
		Path file = Paths.get(SlidingWindowTest.class.getResource("/nnunet/gaussian-" + size + ".npy").toURI());
		Tensor expected = Npy.read(file);
		float[] actual = SlidingWindow.gaussian(new int[] { expected.dim(0), expected.dim(1) });
		assertEquals(expected.data().length, actual.length);
		for (int i = 0; i < actual.length; i++)
			assertEquals(expected.data()[i], actual[i], 1e-5 * expected.data()[i], size + " at " + i);
	}
}

package org.mambaj.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mambaj.io.ProcessingStep;

/** The one implementation of the typed processing steps, on images whose answers are known in closed form. */
class ProcessingTest {

	/**
	 * zero_mean_unit_variance as NumPy's (x - x.mean()) / (x.std() + eps): on 1e9 + 64 k, k = -50..50 (exact
	 * floats), mean 1e9 and deviation 64 sqrt(850). The deviation from the sum of squares (one pass) is off by 2e-4
	 * here: the large offset cancels the variance's digits.
	 */
	@Test
	void zeroMeanUnitVarianceKeepsTheDeviationOfAnImageWithALargeOffset() {
		float[] v = new float[101];
		for (int k = -50; k <= 50; k++) v[k + 50] = (float) (1e9 + 64.0 * k);
		double eps = 1e-6, std = 64 * Math.sqrt(850);
		Plane out = Processing.preprocess(new Plane(v, 1, 1, 101), List.of(new ProcessingStep.ZeroMeanUnitVariance(eps)), "test");
		for (int k = -50; k <= 50; k++)
			assertEquals((float) (64.0 * k / (std + eps)), out.data()[k + 50], 1e-6f, "k = " + k);
	}

	@Test
	void stepsRunInTheirOrderAndScoresBeforeDecisions() {
		Plane scores = new Plane(new float[] { -2, 0.1f, 3 }, 1, 1, 3);
		List<ProcessingStep> post = List.of(new ProcessingStep.Sigmoid(), new ProcessingStep.Binarize(0.5));
		float[] mask = Processing.postprocess(scores, post, null, "test").data();
		assertEquals(List.of(0f, 1f, 1f), List.of(mask[0], mask[1], mask[2]));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
			Processing.postprocess(scores, List.of(new ProcessingStep.RestoreRange()), null, "tiny"));
		assertEquals("tiny: restore_range needs a scale_range pre-processing step", e.getMessage());
		RangeScaling n = RangeScaling.of(new Plane(new float[] { 10, 20 }, 1, 1, 2), new ProcessingStep.ScaleRange(0, 100, 0.5));
		assertEquals(10 + 2 * 10.5f, Processing.postprocess(new Plane(new float[] { 2 }, 1, 1, 1),
			List.of(new ProcessingStep.RestoreRange()), n, "test").data()[0], 1e-5f);
	}

	/** Two channels, 0..99 and 1000 + 10 k: each channel's own percentiles, or the percentiles of all values. */
	@Test
	void scaleRangePerChannelUsesEachChannelsPercentiles() {
		float[] v = new float[200];
		for (int k = 0; k < 100; k++) {
			v[k] = k;
			v[100 + k] = 1000 + 10 * k;
		}
		Plane image = new Plane(v, 2, 10, 10);
		float[] each = Processing.preprocess(image, List.of(new ProcessingStep.ScaleRange(0, 100, 1e-6, true)), "t").data();
		float[] all = Processing.preprocess(image, List.of(new ProcessingStep.ScaleRange(0, 100, 1e-6)), "t").data();
		for (int k = 0; k < 100; k++) {
			assertEquals((float) (k / (99 + 1e-6)), each[k], 0f, "channel 0, k = " + k);
			assertEquals((float) (10.0 * k / (990 + 1e-6)), each[100 + k], 0f, "channel 1, k = " + k);
			assertEquals((float) (k / (1990 + 1e-6)), all[k], 0f, "joint, k = " + k);
		}
	}

	@Test
	void zeroMeanUnitVariancePerChannelStandardizesEachChannel() {
		float[] v = { 1, 3, 100, 300 }; // channel 0: mean 2, deviation 1; channel 1: mean 200, deviation 100
		Plane out = Processing.preprocess(new Plane(v, 2, 1, 2), List.of(new ProcessingStep.ZeroMeanUnitVariance(0, true)), "t");
		assertArrayEquals(new float[] { -1, 1, -1, 1 }, out.data(), 0f);
	}

	/** A denoiser's restore_range gives every channel back its own range. */
	@Test
	void restoreRangeUndoesAPerChannelScaleRange() {
		float[] v = { 5, 7, 9, 11, -300, -100, 0, 200 };
		Plane image = new Plane(v, 2, 2, 2);
		RangeScaling s = RangeScaling.of(image, new ProcessingStep.ScaleRange(0, 100, 1e-6, true));
		Plane scaled = Processing.preprocess(image, List.of(new ProcessingStep.ScaleRange(0, 100, 1e-6, true)), "t");
		assertArrayEquals(v, Processing.postprocess(scaled, List.of(new ProcessingStep.RestoreRange()), s, "t").data(), 1e-4f);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Processing.postprocess(
			new Plane(new float[3], 3, 1, 1), List.of(new ProcessingStep.RestoreRange()), s, "tiny"));
		assertEquals("tiny: restore_range of a per-channel scale_range needs an output with the input's 2 channels, " +
			"found 3", e.getMessage());
	}
}

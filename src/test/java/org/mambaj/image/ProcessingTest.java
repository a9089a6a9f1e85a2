package org.mambaj.image;

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
		Normalization n = new Normalization(10, 20, 0.5);
		assertEquals(10 + 2 * 10.5f, Processing.postprocess(new Plane(new float[] { 2 }, 1, 1, 1),
			List.of(new ProcessingStep.RestoreRange()), n, "test").data()[0], 1e-5f);
	}
}

package org.mambaj.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.RdfEdits;
import org.mambaj.testing.TestPackages;

/**
 * A package's scale_range eps reaches the pipeline: the network input is NumPy's
 * ((x - lo) / (hi - lo + eps)).astype(float32), to the last bit, for the package's eps and not a fixed 1e-6.
 */
class ScaleRangeEpsTest {

	@TempDir
	Path tmp;

	@Test
	void thePackagesEpsIsTheOneApplied() throws IOException {
		float[] v = new float[16];
		for (int i = 0; i < v.length; i++) v[i] = (i * 7) % 16; // 0..15, shuffled
		Plane image = new Plane(v, 1, 4, 4);
		// np.percentile(range(16), [1, 99.8]) = [0.15, 14.97]
		double lo = 0.15, hi = 14.97;
		float[] withDefault = networkInput(TestPackages.write(TestPackages.SEGMENTER, tmp.resolve("default")), image);
		Path pkg = TestPackages.write(TestPackages.SEGMENTER, tmp.resolve("eps"));
		RdfEdits.set(pkg, "inputs.0.preprocessing.0.kwargs.eps", 0.5);
		float[] withHalf = networkInput(pkg, image);
		for (int i = 0; i < v.length; i++) {
			assertEquals((float) ((v[i] - lo) / (hi - lo + 1e-6)), withDefault[i], 1e-6f, "default eps, pixel " + i);
			assertEquals((float) ((v[i] - lo) / (hi - lo + 0.5)), withHalf[i], 1e-6f, "eps 0.5, pixel " + i);
		}
		// the largest value is 14.97/14.82 ~ 1.0101 with eps 1e-6 and 14.97/15.32 ~ 0.9772 with eps 0.5
		assertNotEquals(withDefault[5], withHalf[5]);
	}

	/** What the predictor feeds the network for {@code image}, channel by channel, row by row. */
	private static float[] networkInput(Path pkg, Plane image) throws IOException {
		try (PackagedModel m = PackagedModel.load(pkg, "java")) {
			PixelSource in = new Predictor(m).prepare(Raster.of(image)).input();
			float[] out = new float[image.data().length];
			for (int y = 0, i = 0; y < in.height(); y++) for (int x = 0; x < in.width(); x++) out[i++] = in.get(0, y, x);
			return out;
		}
	}
}

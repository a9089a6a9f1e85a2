package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The fused out_norm and gate gives the same bits as the two ops one after the other, whatever the channel
 * count (whole vectors or not) and the threads: its tasks start on whole vectors as the gate's blocks did.
 */
class LayerNormGateTest {

	@Test
	void sameBitsAsNormThenGate() throws IOException {
		Random r = new Random(11);
		for (int c : new int[] { 192, 360, 7, 20 }) {
			int rows = 3001; // odd, and more than one task's worth
			Tensor x = random(r, rows, c), z = random(r, rows, c);
			float[] w = random(r, 1, c).data(), b = random(r, 1, c).data();
			for (int threads : new int[] { 1, 3 }) {
				try (Parallel p = new Parallel(threads)) {
					Tensor[] got = p.call(() -> new Tensor[] { Norms.layerNormGate(x, w, b, 1e-5f, z),
						Layout.mulSilu(Norms.layerNorm(x, w, b, 1e-5f), z) });
					assertArrayEquals(got[1].data(), got[0].data(), c + " channels, " + threads + " threads");
				}
			}
		}
	}

	@Test
	void gateOfAnotherShapeIsRefused() {
		Random r = new Random(1);
		Tensor x = random(r, 4, 8);
		assertThrows(IllegalArgumentException.class,
			() -> Norms.layerNormGate(x, null, null, 1e-5f, random(r, 4, 9)));
	}

	private static Tensor random(Random r, int rows, int c) {
		float[] v = new float[rows * c];
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian() * 2;
		return new Tensor(v, rows, c);
	}
}

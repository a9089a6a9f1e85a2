package org.mambaj.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mambaj.testing.Golden.assertClose;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mambaj.io.SafeTensors;
import org.mambaj.testing.Golden;

/**
 * The ops the nnU-Net-based and super-resolution architectures add, against torch.nn.functional
 * (golden/ops-arch, written by training/make_golden.py).
 */
class ArchOpsParityTest {

	private static Map<String, Tensor> t;

	@BeforeAll
	static void load() throws IOException {
		t = SafeTensors.read(Golden.root().resolve("ops-arch/ops.safetensors"));
	}

	private static Tensor nhwc(String c) {
		return Layout.nchwToNhwc(t.get(c + ".x"));
	}

	private static void checkNchw(String c, Tensor actualNhwc) {
		assertClose(t.get(c + ".y"), Layout.nhwcToNchw(actualNhwc), 1e-5, c);
	}

	@ParameterizedTest
	@ValueSource(strings = { "java-scalar", "java", "tensorflow" })
	void perAxisStrideAndPadding(String engineKind) {
		try (Engine e = engineKind.equals("java-scalar") ? new JavaEngine(Kernels.scalar()) : Engines.create(engineKind)) {
			checkNchw("conv2d_axes", e.conv2d(t.get("conv2d_axes.w"), t.get("conv2d_axes.b"), 2, 1, 0, 1, 1)
				.apply(nhwc("conv2d_axes")));
			String d = "conv2d_axes_depthwise";
			checkNchw(d, e.conv2d(t.get(d + ".w"), t.get(d + ".b"), 1, 2, 1, 0, 4).apply(nhwc(d)));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "java", "tensorflow" })
	void dilatedConvolutionAsASpreadKernel(String engineKind) {
		String c = "conv2d_dilated";
		Map<String, Tensor> w = Map.of("weight", t.get(c + ".w"), "bias", t.get(c + ".b"));
		try (Engine e = Engines.create(engineKind)) {
			checkNchw(c, org.mambaj.nn.Conv2d.dilated(new org.mambaj.io.StateDict(w, c), 2, 1, 7, 3, 9, e).apply(nhwc(c)));
		}
	}

	@Test
	void groupNorm() {
		String c = "group_norm_4";
		checkNchw(c, GroupNorm.apply(nhwc(c), 4, t.get(c + ".w").data(), t.get(c + ".b").data(), 1e-5f));
	}

	@Test
	void leakyRelu() {
		assertClose(t.get("leaky_relu.y"), Activations.leakyRelu(t.get("leaky_relu.x"), 0.01f), 1e-6, "leaky_relu");
	}

	@Test
	void instanceNormWithoutAffine() {
		checkNchw("instance_norm_plain", Norms.instanceNorm(nhwc("instance_norm_plain"), null, null, 1e-5f));
	}

	@Test
	void upsampling() {
		checkNchw("nearest_2x1", Upsample.nearest(nhwc("nearest_2x1"), 2, 1));
		checkNchw("nearest_3x2", Upsample.nearest(nhwc("nearest_3x2"), 3, 2));
		checkNchw("bilinear_align", Upsample.bilinear(nhwc("bilinear_align"), 11, 7, true));
		checkNchw("bilinear_x2_align", Upsample.bilinear(nhwc("bilinear_x2_align"), 8, 10, true));
		checkNchw("bilinear_noalign", Upsample.bilinear(nhwc("bilinear_noalign"), 10, 9, false));
	}

	@Test
	void badArgumentsAreNamed() {
		Tensor w = t.get("conv2d_axes.w");
		try (Engine e = new JavaEngine()) {
			assertThrows(IllegalArgumentException.class, () -> e.conv2d(w, null, 0, 1, 0, 0, 1));
			assertThrows(IllegalArgumentException.class, () -> e.conv2d(w, null, 1, 1, -1, 0, 1));
		}
		assertThrows(IllegalArgumentException.class, () -> Upsample.nearest(nhwc("nearest_2x1"), 0, 2));
		assertThrows(IllegalArgumentException.class, () -> Upsample.bilinear(nhwc("nearest_2x1"), 0, 2, true));
	}
}

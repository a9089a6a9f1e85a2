package org.mambaj.core;

import static org.mambaj.testing.Golden.assertClose;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mambaj.io.SafeTensors;
import org.mambaj.io.StateDict;
import org.mambaj.nn.ConvTranspose2d;
import org.mambaj.testing.Golden;

/** Each single op against torch.nn.functional (golden/ops, written by training/make_golden.py). */
class OpsParityTest {

	private static Map<String, Tensor> t;

	@BeforeAll
	static void load() throws IOException {
		t = SafeTensors.read(Golden.root().resolve("ops/ops.safetensors"));
	}

	private static Tensor x(String c) { return t.get(c + ".x"); }
	private static Tensor y(String c) { return t.get(c + ".y"); }
	private static float[] p(String c, String n) { return t.get(c + "." + n).data(); }

	private static void check(String c, Tensor actual) {
		assertClose(y(c), actual, 1e-5, c);
	}

	private static void checkNchw(String c, Tensor actualNhwc) {
		check(c, Layout.nhwcToNchw(actualNhwc));
	}

	static Stream<Arguments> convolutions() {
		Object[][] cases = { { "conv2d_3x3", 1, 1, 1 }, { "conv2d_k2s2", 2, 0, 1 }, { "conv2d_k4s4", 4, 0, 1 },
			{ "conv2d_grouped", 1, 1, 2 }, { "conv2d_depthwise", 1, 1, 6 } };
		return Stream.of(cases).flatMap(c -> Stream.of("java-scalar", "java", "tensorflow")
			.map(e -> Arguments.of(c[0], c[1], c[2], c[3], e)));
	}

	@ParameterizedTest(name = "{0} on {4}")
	@MethodSource("convolutions")
	void conv2d(String c, int stride, int pad, int groups, String engineKind) {
		try (Engine e = engineKind.equals("java-scalar") ? new JavaEngine(Kernels.scalar()) : Engines.create(engineKind)) {
			DenseOp op = e.conv2d(t.get(c + ".w"), t.get(c + ".b"), stride, pad, groups);
			checkNchw(c, op.apply(Layout.nchwToNhwc(x(c))));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "java", "tensorflow" })
	void convTranspose(String engineKind) {
		String c = "conv_transpose2d_k2s2";
		try (Engine e = Engines.create(engineKind)) {
			StateDict sd = new StateDict(Map.of("weight", t.get(c + ".w"), "bias", t.get(c + ".b")), "ops");
			checkNchw(c, new ConvTranspose2d(sd, 4, 3, 2, true, e).apply(Layout.nchwToNhwc(x(c))));
		}
	}

	@Test
	void causalConv1d() {
		String c = "conv1d_causal_depthwise";
		Tensor in = transposeLast2(x(c));
		check(c, transposeLast2(CausalConv1d.apply(in, t.get(c + ".w"), t.get(c + ".b"))));
	}

	@Test
	void pixelShuffle() {
		checkNchw("pixel_shuffle2", Layout.pixelShuffle(Layout.nchwToNhwc(x("pixel_shuffle2")), 2));
	}

	@Test
	void norms() {
		for (String c : new String[] { "layer_norm_eps1e-5", "layer_norm_eps1e-6" })
			check(c, Norms.layerNorm(x(c), p(c, "w"), p(c, "b"), c.endsWith("1e-5") ? 1e-5f : 1e-6f));
		check("rms_norm", Norms.rmsNorm(x("rms_norm"), p("rms_norm", "w"), 1e-5f));
		String bn = "batch_norm_eval";
		checkNchw(bn, Norms.batchNorm(Layout.nchwToNhwc(x(bn)), p(bn, "mean"), p(bn, "var"), p(bn, "w"), p(bn, "b"), 1e-5f));
		checkNchw("instance_norm", Norms.instanceNorm(Layout.nchwToNhwc(x("instance_norm")), p("instance_norm", "w"),
			p("instance_norm", "b"), 1e-5f));
	}

	@Test
	void activations() {
		check("gelu", Activations.gelu(x("gelu")));
		check("silu", Activations.silu(x("silu")));
		check("relu", Activations.relu(x("relu")));
		check("sigmoid", Activations.sigmoid(x("sigmoid")));
		check("softplus", Activations.softplus(x("softplus")));
		check("softmax", Activations.softmax(x("softmax")));
	}

	@Test
	void pooling() {
		checkNchw("max_pool2d_2x2", Pooling.maxPool(Layout.nchwToNhwc(x("max_pool2d_2x2")), 2, 2));
		checkNchw("avg_pool2d_2x2", Pooling.avgPool(Layout.nchwToNhwc(x("avg_pool2d_2x2")), 2, 2));
		Tensor g = Pooling.globalAvgPool(Layout.nchwToNhwc(x("adaptive_avg_pool2d_1")));
		check("adaptive_avg_pool2d_1", g.reshape(2, 3, 1, 1));
	}

	@Test
	void channelShuffle() {
		check("channel_shuffle_bhwc_g2", Layout.channelShuffle(x("channel_shuffle_bhwc_g2"), 2));
	}

	@Test
	void goldenFilesArePresent() {
		org.junit.jupiter.api.Assertions.assertTrue(Files.exists(Golden.root().resolve("ops/cases.json")));
	}

	/** [B, C, L] <-> [B, L, C]. */
	static Tensor transposeLast2(Tensor x) {
		int b = x.dim(0), r = x.dim(1), c = x.dim(2);
		float[] in = x.data(), out = new float[in.length];
		for (int i = 0; i < b; i++)
			for (int j = 0; j < r; j++)
				for (int k = 0; k < c; k++) out[(i * c + k) * r + j] = in[(i * r + j) * c + k];
		return new Tensor(out, b, c, r);
	}
}

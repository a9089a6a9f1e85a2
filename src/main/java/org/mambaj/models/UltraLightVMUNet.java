package org.mambaj.models;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.GroupNorm;
import org.mambaj.core.Layout;
import org.mambaj.core.Pooling;
import org.mambaj.core.Tensor;
import org.mambaj.core.Upsample;
import org.mambaj.io.StateDict;
import org.mambaj.nn.Conv2d;
import org.mambaj.nn.PVMLayer;
import org.mambaj.nn.ScAttBridge;

/**
 * UltraLight VM-UNet (Wu et al., 2024; wurenkai/UltraLight-VM-UNet): five encoder stages (3x3 convs, then PVM layers)
 * each with GroupNorm(4), 2x2 max pooling and GELU; a PVM bottleneck; the spatial-channel attention bridge on the
 * skips; a decoder of PVM layers and 3x3 convs with GroupNorm, bilinear (align_corners) upsampling, GELU and added
 * skips; a 1x1 head upsampled to the input size and a sigmoid. Published config: c_list [8, 16, 24, 32, 48, 64],
 * split_att "fc", bridge on.
 */
public final class UltraLightVMUNet implements Model {

	private static final int GROUPS = 4;
	private static final float EPS = 1e-5f;

	private final int inChannels;
	private final Conv2d[] encConv = new Conv2d[3], decConv = new Conv2d[2];
	private final PVMLayer[] encPvm = new PVMLayer[3], decPvm = new PVMLayer[3];
	private final float[][] ebnW = new float[5][], ebnB = new float[5][], dbnW = new float[5][], dbnB = new float[5][];
	private final ScAttBridge bridge;
	private final Conv2d head;

	public UltraLightVMUNet(Config config, StateDict sd, Engine engine) {
		inChannels = config.positive("input_channels", config.getInt("input_channels"));
		int classes = config.positive("num_classes", config.getInt("num_classes"));
		int[] c = config.getInts("c_list");
		if (c.length != 6) throw new IllegalArgumentException("ultralight_vmunet config: 'c_list' must have 6 entries");
		Object givenSplit = configValue(config, "split_att", "fc");
		if (!"fc".equals(givenSplit)) throw new IllegalArgumentException("ultralight_vmunet config: only split_att " +
			"'fc' (the published setting) is supported, got " + givenSplit);
		boolean useBridge = !Boolean.FALSE.equals(configValue(config, "bridge", Boolean.TRUE));
		int[] in = { inChannels, c[0], c[1] };
		for (int i = 0; i < 3; i++) encConv[i] = Conv2d.same(sd.prefixed("encoder" + (i + 1) + ".0."), in[i], c[i], 3, engine);
		for (int i = 0; i < 3; i++) encPvm[i] = new PVMLayer(sd.prefixed("encoder" + (i + 4) + ".0."), c[i + 2], c[i + 3], engine);
		for (int i = 0; i < 3; i++) decPvm[i] = new PVMLayer(sd.prefixed("decoder" + (i + 1) + ".0."), c[5 - i], c[4 - i], engine);
		for (int i = 0; i < 2; i++) decConv[i] = Conv2d.same(sd.prefixed("decoder" + (i + 4) + ".0."), c[2 - i], c[1 - i], 3, engine);
		for (int i = 0; i < 5; i++) {
			ebnW[i] = sd.take("ebn" + (i + 1) + ".weight", c[i]).data();
			ebnB[i] = sd.take("ebn" + (i + 1) + ".bias", c[i]).data();
			dbnW[i] = sd.take("dbn" + (i + 1) + ".weight", c[4 - i]).data();
			dbnB[i] = sd.take("dbn" + (i + 1) + ".bias", c[4 - i]).data();
		}
		bridge = useBridge ? new ScAttBridge(sd.prefixed("scab."), new int[] { c[0], c[1], c[2], c[3], c[4] }, engine) : null;
		head = new Conv2d(sd.prefixed("final."), c[0], classes, 1, 1, 0, 1, true, engine);
	}

	/** A non-numeric config value (Config reads numbers), with the published default. */
	private static Object configValue(Config config, String key, Object fallback) {
		Object v = config.raw(key);
		return v == null ? fallback : v;
	}

	@Override
	public Tensor forward(Tensor input) {
		Inputs.checkImage("UltraLight VM-UNet", input, inChannels, sizeMultiple(), false);
		Tensor x = input;
		Tensor[] skips = new Tensor[5];
		for (int i = 0; i < 5; i++) {
			Tensor y = i < 3 ? encConv[i].apply(x) : encPvm[i - 3].apply(x);
			x = Activations.gelu(Pooling.maxPool(GroupNorm.apply(y, GROUPS, ebnW[i], ebnB[i], EPS), 2, 2));
			skips[i] = x;
		}
		if (bridge != null) skips = bridge.apply(skips);
		x = Activations.gelu(encPvm[2].apply(x));
		x = Layout.add(Activations.gelu(norm(decPvm[0].apply(x), 0)), skips[4]);
		for (int i = 1; i < 5; i++) {
			Tensor y = i < 3 ? decPvm[i].apply(x) : decConv[i - 3].apply(x);
			x = Layout.add(Activations.gelu(up(norm(y, i))), skips[4 - i]);
		}
		return Activations.sigmoid(up(head.apply(x)));
	}

	private Tensor norm(Tensor x, int i) {
		return GroupNorm.apply(x, GROUPS, dbnW[i], dbnB[i], EPS);
	}

	private static Tensor up(Tensor x) {
		return Upsample.bilinear(x, 2 * x.dim(1), 2 * x.dim(2), true);
	}

	@Override
	public int inputChannels() {
		return inChannels;
	}

	@Override
	public int sizeMultiple() {
		return 32;
	}
}

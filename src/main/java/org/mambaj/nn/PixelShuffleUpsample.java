package org.mambaj.nn;

import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * The sub-pixel upsamplers of BasicSR-style super-resolution networks (MambaIR, SwinIR), NHWC: convolutions to
 * r*r times the channels, each followed by a pixel shuffle by r. {@link #stages} is the classical {@code Upsample}
 * (x2 stages for 2^n, one x3 stage for 3; keys 0, 2, 4, ...); {@link #oneStep} is {@code UpsampleOneStep}, one
 * convolution straight to the output channels (key 0).
 */
public final class PixelShuffleUpsample {

	private final Conv2d[] convs;
	private final int factor;

	private PixelShuffleUpsample(Conv2d[] convs, int factor) {
		this.convs = convs;
		this.factor = factor;
	}

	/** {@code Upsample(scale, channels)}: channels stay the same, size grows by {@code scale} (2^n or 3). */
	public static PixelShuffleUpsample stages(StateDict sd, int scale, int channels, Engine engine) {
		int factor = scale == 3 ? 3 : 2;
		if (scale != 3 && (scale < 2 || Integer.bitCount(scale) != 1)) throw new IllegalArgumentException(
			"pixel shuffle upsampling supports scales 2^n and 3, got " + scale);
		Conv2d[] convs = new Conv2d[scale == 3 ? 1 : Integer.numberOfTrailingZeros(scale)];
		for (int i = 0; i < convs.length; i++) // nn.Sequential numbering: conv, shuffle, conv, shuffle, ...
			convs[i] = Conv2d.same(sd.prefixed(2 * i + "."), channels, factor * factor * channels, 3, engine);
		return new PixelShuffleUpsample(convs, factor);
	}

	/** {@code UpsampleOneStep(scale, in, out)}: one conv3x3 to scale^2 * out channels, one shuffle by scale. */
	public static PixelShuffleUpsample oneStep(StateDict sd, int scale, int in, int out, Engine engine) {
		if (scale < 1) throw new IllegalArgumentException("pixel shuffle upsampling needs a scale >= 1, got " + scale);
		return new PixelShuffleUpsample(new Conv2d[] { Conv2d.same(sd.prefixed("0."), in, scale * scale * out, 3, engine) },
			scale);
	}

	public Tensor apply(Tensor x) {
		for (Conv2d c : convs) x = Layout.pixelShuffle(c.apply(x), factor);
		return x;
	}
}

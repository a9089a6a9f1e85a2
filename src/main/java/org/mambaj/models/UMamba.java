package org.mambaj.models;

import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.core.Upsample;
import org.mambaj.io.StateDict;
import org.mambaj.nn.BasicBlockD;
import org.mambaj.nn.BasicResBlock;
import org.mambaj.nn.Conv2d;
import org.mambaj.nn.DuplicateWeights;
import org.mambaj.nn.UMambaLayer;

/**
 * U-Mamba 2D (Ma, Li and Wang, 2024; bowang-lab/U-Mamba {@code UMambaBot_2d.py}, {@code UMambaEnc_2d.py}) as nnU-Net
 * v2 builds it from a plan: a residual encoder (stem and stages of a BasicResBlock then BasicBlockDs), Mamba
 * layers, and a decoder of nearest upsampling + 1x1 conv, concatenated skips and residual blocks, with a 1x1 head.
 * Bot has one Mamba layer ({@code mamba_layer}) on the bottleneck; Enc one after every other encoder stage
 * ({@code encoder.mamba_layers.s}), scanning channels instead of pixels where the training patch leaves no more
 * pixels than channels at that stage (so that stage needs exactly the training patch size).
 * <p>
 * Config: the published constructor arguments, {@code input_channels, n_stages, features_per_stage, kernel_sizes,
 * strides, n_conv_per_stage, num_classes, n_conv_per_stage_decoder} (+ {@code input_size} for Enc); U-Mamba's
 * own rule of one block per stage in the deeper half is applied here as upstream does. The output is the logits of
 * the last head; the deep-supervision heads and the duplicate keys the published modules produce
 * ({@code decoder.encoder.*}, {@code all_modules.*}) are checked and ignored.
 */
public final class UMamba implements Model {

	/** Which published network. */
	public enum Variant { BOT, ENC }

	private final Variant variant;
	private final int inChannels;
	private final int[] inputSize;
	private final int[][] strides;
	private final Stage stem;
	private final Stage[] encoder, decoder;
	private final UMambaLayer[] mambaLayers;
	private final UMambaLayer bottleneck;
	private final Conv2d[] upConv;
	private final Conv2d head;
	private final boolean fixedSize;

	public UMamba(Variant variant, Config c, StateDict sd, Engine engine) {
		this.variant = variant;
		inChannels = c.positive("input_channels", c.getInt("input_channels"));
		int classes = c.positive("num_classes", c.getInt("num_classes"));
		int n = c.getInt("n_stages");
		if (n < 2) throw new IllegalArgumentException("U-Mamba config: 'n_stages' must be at least 2, got " + n);
		int[] features = c.getIntsOrScalar("features_per_stage", n);
		int[][] kernels = c.getPerAxis("kernel_sizes", n, 2);
		strides = c.getPerAxis("strides", n, 2);
		int[] encBlocks = c.getIntsOrScalar("n_conv_per_stage", n);
		int[] decBlocks = c.getIntsOrScalar("n_conv_per_stage_decoder", n - 1);
		// U-Mamba's own override of the plan: one block per stage in the deeper half
		for (int s = (n + 1) / 2; s < n; s++) encBlocks[s] = 1;
		for (int s = (int) Math.ceil((n - 1) / 2.0 + 0.5); s < n - 1; s++) decBlocks[s] = 1;

		StateDict enc = sd.prefixed("encoder.");
		int[] one = { 1, 1 };
		stem = new Stage(enc.prefixed("stem."), inChannels, features[0], kernels[0], one, encBlocks[0], engine);
		encoder = new Stage[n];
		for (int s = 0, in = features[0]; s < n; in = features[s], s++)
			encoder[s] = new Stage(enc.prefixed("stages." + s + "."), in, features[s], kernels[s], strides[s], encBlocks[s], engine);

		mambaLayers = new UMambaLayer[n];
		boolean channelTokens = false;
		if (variant == Variant.BOT) {
			inputSize = null;
			bottleneck = new UMambaLayer(sd.prefixed("mamba_layer."), features[n - 1], false, engine);
		} else {
			bottleneck = null;
			inputSize = c.getInts("input_size");
			if (inputSize.length != 2) throw new IllegalArgumentException("U-Mamba Enc config: 'input_size' must be " +
				"the 2D training patch size [height, width], got " + java.util.Arrays.toString(inputSize));
			int h = inputSize[0], w = inputSize[1];
			for (int s = 0; s < n; s++) {
				h /= strides[s][0];
				w /= strides[s][1];
				if ((s % 2 == 1) == (n % 2 == 1)) continue; // published: a layer where s odd XOR n odd
				boolean channels = (long) h * w <= features[s];
				channelTokens |= channels;
				mambaLayers[s] = new UMambaLayer(enc.prefixed("mamba_layers." + s + "."), channels ? h * w : features[s],
					channels, engine);
			}
		}
		fixedSize = channelTokens;

		StateDict dec = sd.prefixed("decoder.");
		decoder = new Stage[n - 1];
		upConv = new Conv2d[n - 1];
		Conv2d last = null;
		for (int s = 0; s < n - 1; s++) {
			int below = features[n - 1 - s], skip = features[n - 2 - s];
			upConv[s] = new Conv2d(dec.prefixed("upsample_layers." + s + ".conv."), below, skip, 1, 1, 0, 1, true, engine);
			int in = s < n - 2 ? 2 * skip : skip; // the last stage gets no skip, as published
			decoder[s] = new Stage(dec.prefixed("stages." + s + "."), in, skip, kernels[n - 2 - s], one, decBlocks[s], engine);
			StateDict seg = dec.prefixed("seg_layers." + s + ".");
			if (s == n - 2) last = new Conv2d(seg, skip, classes, 1, 1, 0, 1, true, engine);
			else { // deep-supervision heads: in every checkpoint, never used at inference
				seg.take("weight", classes, skip, 1, 1);
				seg.take("bias", classes);
			}
		}
		head = last;
		for (String k : dec.prefixed("encoder.").keys())
			DuplicateWeights.takeCopy(dec, "encoder." + k, sd.take("encoder." + k), "encoder." + k);
	}

	@Override
	public Tensor forward(Tensor input) {
		String name = variant == Variant.BOT ? "U-Mamba Bot" : "U-Mamba Enc";
		Inputs.checkImage(name, input, inChannels, 1, false);
		int mh = 1, mw = 1;
		for (int[] st : strides) {
			mh *= st[0];
			mw *= st[1];
		}
		if (input.dim(1) % mh != 0 || input.dim(2) % mw != 0) throw new IllegalArgumentException(name + " needs a " +
			"height that is a multiple of " + mh + " and a width that is a multiple of " + mw + " (the product of its " +
			"strides), got " + input.dim(1) + "x" + input.dim(2));
		if (fixedSize && (input.dim(1) != inputSize[0] || input.dim(2) != inputSize[1])) throw new IllegalArgumentException(
			name + " scans channels at its deepest stage and so needs exactly the training patch size " + inputSize[0] +
			"x" + inputSize[1] + ", got " + input.dim(1) + "x" + input.dim(2));
		Tensor x = stem.apply(input);
		int n = encoder.length;
		Tensor[] skips = new Tensor[n];
		for (int s = 0; s < n; s++) {
			x = encoder[s].apply(x);
			if (mambaLayers[s] != null) x = mambaLayers[s].apply(x);
			skips[s] = x;
		}
		if (bottleneck != null) x = bottleneck.apply(x);
		for (int s = 0; s < n - 1; s++) {
			int[] f = strides[n - 1 - s];
			// a 1x1 conv commutes with nearest upsampling: convolve the small map, then upsample
			x = Upsample.nearest(upConv[s].apply(x), f[0], f[1]);
			if (s < n - 2) x = Layout.concatLast(x, skips[n - 2 - s]);
			x = decoder[s].apply(x);
		}
		return head.apply(x);
	}

	@Override
	public int inputChannels() {
		return inChannels;
	}

	/** The least common multiple of the total downsampling along each axis. */
	@Override
	public int sizeMultiple() {
		long h = 1, w = 1;
		for (int[] s : strides) {
			h *= s[0];
			w *= s[1];
		}
		return (int) (h / gcd(h, w) * w);
	}

	private static long gcd(long a, long b) {
		return b == 0 ? a : gcd(b, a % b);
	}

	/** A BasicResBlock (with the stage's stride) followed by BasicBlockDs; keys "0.", "1.", ... */
	private static final class Stage {
		private final BasicResBlock first;
		private final BasicBlockD[] rest;

		Stage(StateDict sd, int in, int out, int[] kernel, int[] stride, int blocks, Engine engine) {
			first = new BasicResBlock(sd.prefixed("0."), in, out, kernel, stride, engine);
			rest = new BasicBlockD[Math.max(0, blocks - 1)];
			for (int i = 0; i < rest.length; i++) rest[i] = new BasicBlockD(sd.prefixed((i + 1) + "."), out, kernel, engine);
		}

		Tensor apply(Tensor x) {
			x = first.apply(x);
			for (BasicBlockD b : rest) x = b.apply(x);
			return x;
		}
	}
}

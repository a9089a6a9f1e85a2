package org.mambaj.models;

import java.util.Arrays;

import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;
import org.mambaj.nn.Conv2d;
import org.mambaj.nn.Linear;
import org.mambaj.nn.PatchExpand2D;
import org.mambaj.nn.VSSBlock;
import org.mambaj.nn.VSSMEncoder;

/**
 * Swin-UMamba-dagger 2D (Liu et al., 2024; JiarunLiu/Swin-UMamba {@code SwinUMambaD.py}, trainer
 * {@code nnUNetTrainerSwinUMambaD}): the VMamba encoder with 4x4 patches ({@code vssm_encoder.*}) and a decoder of
 * VSS blocks: from the deepest stage up, a 2x patch expand ({@code decoder.expand_layers.s}), the skip concatenated
 * on channels and a linear 2C -> C ({@code decoder.concat_back_dim.s}), two VSS blocks
 * ({@code decoder.stages.s.blocks.j}); then a 4x patch expand and the 1x1 head ({@code decoder.seg_layers.last}).
 * <p>
 * Config: {@code in_chans}, {@code num_classes}, {@code patch_size} (4, the only value whose output has the input's
 * size), {@code depths} (published [2, 2, 9, 2]), {@code dims} (an integer doubled per stage or the list; published
 * 96) and {@code d_state} (16, encoder and decoder). The deep-supervision heads ({@code decoder.seg_layers.0..}) are
 * in every checkpoint and checked, never used. Height and width: multiples of 4 * 2^(stages - 1).
 */
public final class SwinUMambaD implements Model {

	private static final int DECODER_DEPTH = 2; // fixed by the published decoder

	private final int inChannels, multiple;
	private final VSSMEncoder vss;
	private final PatchExpand2D[] expand;
	private final Linear[] concatBack;
	private final VSSBlock[][] stages;
	private final Conv2d head;

	public SwinUMambaD(Config c, StateDict sd, Engine engine) {
		inChannels = c.getIntIn("in_chans", 1, ConfigLimits.MAX_CHANNELS);
		int classes = c.getIntIn("num_classes", 1, ConfigLimits.MAX_CLASSES);
		int patch = c.getInt("patch_size");
		if (patch != 4) throw new ConfigException("swin_umamba_d config: 'patch_size' must be 4 (the decoder ends " +
			"with a fixed 4x expand), got " + patch);
		int[] depths = c.getIntsWithin("depths", 0, ConfigLimits.MAX_DEPTH);
		int n = depths.length;
		if (n < 2 || n > ConfigLimits.MAX_STAGES) throw new ConfigException("swin_umamba_d config: 'depths' must have " +
			"2 to " + ConfigLimits.MAX_STAGES + " entries (one per stage), got " + Arrays.toString(depths));
		int[] dims = dims(c, n);
		int dState = c.getIntIn("d_state", 1, ConfigLimits.MAX_D_STATE);
		multiple = 4 << (n - 1);

		vss = new VSSMEncoder(sd.prefixed("vssm_encoder."), 4, inChannels, dims, depths, dState, engine);
		StateDict dec = sd.prefixed("decoder.");
		expand = new PatchExpand2D[n];
		concatBack = new Linear[n - 1];
		stages = new VSSBlock[n - 1][];
		for (int s = 0; s < n - 1; s++) {
			int below = dims[n - 1 - s], skip = dims[n - 2 - s];
			expand[s] = new PatchExpand2D(dec.prefixed("expand_layers." + s + "."), below, below / 2, 2, engine);
			concatBack[s] = new Linear(dec.prefixed("concat_back_dim." + s + "."), 2 * skip, skip, true, engine);
			stages[s] = VSSBlock.stack(dec.prefixed("stages." + s + "."), DECODER_DEPTH, skip, dState, engine);
			StateDict seg = dec.prefixed("seg_layers." + s + "."); // deep supervision: checked, never used
			seg.take("weight", classes, skip, 1, 1);
			seg.take("bias", classes);
		}
		expand[n - 1] = new PatchExpand2D(dec.prefixed("expand_layers." + (n - 1) + "."), dims[0], dims[0], 4, engine);
		head = new Conv2d(dec.prefixed("seg_layers." + (n - 1) + "."), dims[0], classes, 1, 1, 0, 1, true, engine);
	}

	/** {@code dims}: one integer (the first stage's, doubled per stage, as upstream's VSSMEncoder reads it) or a list. */
	private static int[] dims(Config c, int n) {
		int[] dims;
		if (c.raw("dims") instanceof Number) {
			int d0 = c.getIntIn("dims", 1, ConfigLimits.MAX_DIM >> (n - 1));
			dims = new int[n];
			for (int i = 0; i < n; i++) dims[i] = d0 << i;
		} else dims = c.getIntsWithin("dims", 1, ConfigLimits.MAX_DIM);
		if (dims.length != n) throw new ConfigException("swin_umamba_d config: 'dims' has " + dims.length +
			" entries but 'depths' has " + n + "; they need one per stage");
		for (int i = 1; i < n; i++) if (dims[i] != 2 * dims[i - 1]) throw new ConfigException("swin_umamba_d config: " +
			"'dims' must double per stage (patch merging maps C to 2C), got " + Arrays.toString(dims));
		return dims;
	}

	@Override
	public Tensor forward(Tensor input) {
		Inputs.checkImage("Swin-UMamba-dagger", input, inChannels, multiple, false);
		Tensor[] skips = vss.apply(input);
		int n = skips.length;
		Tensor x = skips[n - 1];
		for (int s = 0; s < n - 1; s++) {
			x = concatBack[s].apply(Layout.concatLast(expand[s].apply(x), skips[n - 2 - s]));
			for (VSSBlock b : stages[s]) x = b.apply(x);
		}
		return head.apply(expand[n - 1].apply(x));
	}

	@Override
	public int inputChannels() {
		return inChannels;
	}

	@Override
	public int sizeMultiple() {
		return multiple;
	}
}

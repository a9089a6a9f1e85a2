package org.mambaj.models;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;
import org.mambaj.nn.Conv2d;
import org.mambaj.nn.PatchExpand2D;
import org.mambaj.nn.VSSBlock;

/**
 * VM-UNet (Ruan and Xiang, 2024): a VMamba encoder (patch embedding, VSS blocks, patch merging), a decoder of
 * patch expanding and VSS blocks with additive skips, a 4x final expand and a 1x1 head; sigmoid output for
 * one class. Keys as in the published {@code VMUNet} (prefix {@code vmunet.}). Published default: dims
 * [96, 192, 384, 768], depths [2, 2, 2, 2], depths_decoder [2, 2, 2, 1], d_state 16.
 */
public final class VMUNet implements Model {

	private final int inChannels, classes;
	private final VSSEncoder encoder;
	private final VSSBlock[][] decoder;
	private final PatchExpand2D[] expand;
	private final PatchExpand2D finalExpand;
	private final Conv2d head;

	public VMUNet(Config config, StateDict root, Engine engine) {
		VMUNetConfig c = VMUNetConfig.from(config);
		inChannels = c.inputChannels();
		classes = c.numClasses();
		int[] dims = c.dims(), depths = c.depths(), depthsUp = c.depthsDecoder();
		int dState = c.dState();
		int stages = dims.length;
		StateDict sd = root.prefixed("vmunet.");
		encoder = new VSSEncoder(sd, inChannels, dims, depths, dState, engine);
		decoder = new VSSBlock[stages][];
		expand = new PatchExpand2D[stages];
		for (int i = 0; i < stages; i++) {
			int dim = dims[stages - 1 - i];
			StateDict layer = sd.prefixed("layers_up." + i + ".");
			if (i > 0) expand[i] = new PatchExpand2D(layer.prefixed("upsample."), 2 * dim, dim, 2, engine);
			decoder[i] = VSSBlock.stack(layer, depthsUp[i], dim, dState, engine);
		}
		finalExpand = new PatchExpand2D(sd.prefixed("final_up."), dims[0], dims[0] / 4, 4, engine);
		head = new Conv2d(sd.prefixed("final_conv."), dims[0] / 4, classes, 1, 1, 0, 1, true, engine);
	}

	@Override
	public Tensor forward(Tensor input) {
		Inputs.checkImage("VM-UNet", input, inChannels, sizeMultiple(), true);
		Tensor x = input;
		if (x.dim(3) == 1 && inChannels == 3) x = Layout.repeatLast(x, 3);
		int stages = encoder.stages();
		Tensor[] skips = new Tensor[stages];
		x = encoder.apply(x, skips);
		for (int i = 0; i < stages; i++) {
			if (i > 0) x = expand[i].apply(Layout.add(x, skips[stages - i]));
			for (VSSBlock b : decoder[i]) x = b.apply(x);
		}
		x = head.apply(finalExpand.apply(x));
		if (classes == 1) x = Activations.sigmoid(x);
		return x;
	}

	@Override
	public int inputChannels() {
		return inChannels;
	}

	@Override
	public int sizeMultiple() {
		return encoder.sizeMultiple();
	}
}

package org.mambaj.fiji;

import java.io.IOException;

import org.mambaj.image.ImgPlanes;
import org.mambaj.image.Plane;
import org.mambaj.image.PostProcessing;
import org.mambaj.run.RunOptions;
import org.mambaj.run.SegmentOutput;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

/**
 * Segments an image with a MambaJ segmentation model: per-class probabilities (32-bit, X, Y[, C]), a {0, 1}
 * mask (32-bit) or numbered objects (16-bit labels).
 */
@Plugin(type = Command.class, label = "MambaJ Segment")
public class SegmentCommand extends ModelCommand {

	@Parameter(label = "Output", choices = { "probabilities", "mask", "labels" }, required = false, persist = false)
	private String output = "mask";

	@Parameter(type = ItemIO.OUTPUT, label = "Segmentation")
	private Img<? extends RealType<?>> result;

	@Parameter(type = ItemIO.OUTPUT, label = "Objects", description = "objects found (0 for probabilities)")
	private int count;

	@Override
	protected void execute(Plane image, RunOptions options) throws IOException {
		SegmentOutput kind = SegmentOutput.of(output);
		Plane p = mambaj.runner().segment(image, options, kind, progress("MambaJ: segmenting"));
		switch (kind) {
			case PROBABILITIES -> {
				count = 0;
				result = ImgPlanes.toImg(p);
			}
			case MASK -> {
				count = PostProcessing.countLabels(PostProcessing.components(p));
				result = ImgPlanes.toImg(p);
			}
			case LABELS -> {
				count = PostProcessing.countLabels(p);
				result = ImgPlanes.toLabels(p);
			}
		}
	}

	@Override
	protected void clearOutputs() {
		result = null;
		count = 0;
	}
}

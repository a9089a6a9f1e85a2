package org.mambaj.fiji;

import java.io.IOException;

import org.mambaj.image.Raster;
import org.mambaj.run.RunOptions;
import org.mambaj.run.Segmentation;
import org.mambaj.run.SegmentOutput;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

/**
 * Segments an image with a MambaJ segmentation model: per-class probabilities (32-bit, X, Y[, C]), a {0, 1}
 * mask (32-bit) or numbered objects (16-bit labels), and the number of objects.
 */
@Plugin(type = Command.class, label = "MambaJ Segment")
public class SegmentCommand extends ModelCommand {

	@Parameter(label = "Output", choices = { "auto", "probabilities", "mask", "labels" }, required = false, persist = false,
		description = "auto: labels for instance models, a mask for models that binarize, else probabilities")
	private String output = "auto";

	@Parameter(type = ItemIO.OUTPUT, label = "Segmentation")
	private Img<? extends RealType<?>> result;

	@Parameter(type = ItemIO.OUTPUT, label = "Objects", description = "objects found (0 for probabilities)")
	private int count;

	@Override
	protected void execute(Raster image, RunOptions options) throws IOException {
		Segmentation s = runner().segment(image, options, SegmentOutput.of(output), progress("MambaJ: segmenting"));
		result = s.kind() == SegmentOutput.LABELS ? ImgPlanes.toLabels(s.image()) : ImgPlanes.toImg(s.plane());
		count = s.count();
	}

	@Override
	protected void clearOutputs() {
		result = null;
		count = 0;
	}
}

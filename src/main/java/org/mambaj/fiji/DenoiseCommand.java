package org.mambaj.fiji;

import java.io.IOException;

import org.mambaj.image.Raster;
import org.mambaj.run.RunOptions;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/** Denoises an image with a MambaJ restoration model; the result (32-bit) is in the input's intensity range. */
@Plugin(type = Command.class, label = "MambaJ Denoise")
public class DenoiseCommand extends ModelCommand {

	@Parameter(type = ItemIO.OUTPUT, label = "Denoised")
	private Img<FloatType> result;

	@Override
	protected void execute(Raster image, RunOptions options) throws IOException {
		result = ImgPlanes.toImg(runner().denoise(image, options, progress("MambaJ: denoising")).toPlane());
	}

	@Override
	protected void clearOutputs() {
		result = null;
	}
}

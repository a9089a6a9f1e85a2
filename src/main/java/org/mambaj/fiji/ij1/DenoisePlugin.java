package org.mambaj.fiji.ij1;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;

import org.mambaj.fiji.DenoiseCommand;
import org.mambaj.image.Raster;
import org.mambaj.run.ModelRunner;
import org.mambaj.run.RunOptions;

/**
 * Plugins > MambaJ > MambaJ Denoise...: {@link DenoiseCommand} on every plane; a 32-bit image of the same size (a
 * super-resolution model's upscale times larger, with pixels that much smaller).
 */
public final class DenoisePlugin extends CommandPlugin {

	@Override
	Class<?> command() {
		return DenoiseCommand.class;
	}

	@Override
	String task() {
		return "denoising";
	}

	@Override
	void process(ImagePlus image, Map<String, Object> values, RunOptions options, ImageJProgress progress) throws IOException {
		HyperstackPlanes planes = new HyperstackPlanes(image, groupsChannels(image, options));
		ModelRunner runner = runner();
		List<Raster> results = eachPlane(planes, progress, (plane, position) -> runner.denoise(plane, options, progress));
		List<ImagePlus> images = new ArrayList<>();
		for (Raster p : results) images.add(ImagePlusPlanes.toFloat(p, "", image));
		planes.assemble(images, baseTitle(image) + "-denoised").show();
	}
}

package org.mambaj.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.mambaj.fiji.ij1.ImagePlusPlanes;
import org.mambaj.fiji.ij1.ResultImages;
import org.mambaj.image.Raster;
import org.mambaj.run.Classification;
import org.mambaj.run.ModelRunner;
import org.mambaj.run.RunOptions;
import org.mambaj.run.SegmentOutput;
import org.mambaj.run.Segmentation;

import ij.ImagePlus;

/**
 * classify, segment or denoise applied to one image file: runs the model, writes the result TIFF into the output
 * folder (if any) and returns the line to print.
 */
final class ImageTask {

	private final ImageCommand command;
	private final ModelRunner runner;
	private final RunOptions options;
	private final SegmentOutput kind;
	private final Path folder;
	private final ConsoleProgress progress;

	ImageTask(ImageCommand command, ModelRunner runner, RunOptions options, SegmentOutput kind, Path folder,
		ConsoleProgress progress)
	{
		this.command = command;
		this.runner = runner;
		this.options = options;
		this.kind = kind;
		this.folder = folder;
		this.progress = progress;
	}

	String process(Path file) throws IOException {
		ImagePlus imp = ImageFiles.open(file);
		Raster plane = ImagePlusPlanes.toRaster(imp); // ImageJ's own arrays, not a float copy
		return switch (command) {
			case CLASSIFY -> classify(file, plane);
			case SEGMENT -> segment(file, imp, plane);
			case DENOISE -> denoise(file, imp, plane);
		};
	}

	private String classify(Path file, Raster plane) throws IOException {
		Classification c = runner.classify(plane, options);
		StringBuilder line = new StringBuilder(file + "\t" + c.label());
		for (int i = 0; i < c.probabilities().length; i++)
			line.append('\t').append(c.classNames().get(i)).append(String.format(Locale.ROOT, "=%.4f", c.probabilities()[i]));
		return line.toString();
	}

	private String segment(Path file, ImagePlus imp, Raster plane) throws IOException {
		Segmentation s;
		try (ConsoleProgress.Entry tiles = progress.start(file)) {
			s = runner.segment(plane, options, kind, tiles);
		}
		Path target = target(file, s.kind().key());
		if (target != null) AtomicFiles.writeTiff(ResultImages.of(s, target.getFileName().toString(), imp), target);
		return file + "\t" + (s.kind() == SegmentOutput.PROBABILITIES ? "probabilities" : s.count() + " objects") + written(target);
	}

	private String denoise(Path file, ImagePlus imp, Raster plane) throws IOException {
		Raster result;
		try (ConsoleProgress.Entry tiles = progress.start(file)) {
			result = runner.denoise(plane, options, tiles);
		}
		Path target = target(file, "denoised");
		if (target != null) AtomicFiles.writeTiff(ImagePlusPlanes.toFloat(result, target.getFileName().toString(), imp), target);
		return file + "\tdenoised" + written(target);
	}

	/** {@code <folder>/<image name>_<suffix>.tif}, or null without an output folder. */
	private Path target(Path file, String suffix) {
		return folder == null ? null : folder.resolve(ImageFiles.baseName(file) + "_" + suffix + ".tif");
	}

	private static String written(Path target) {
		return target == null ? "" : "\t" + target;
	}
}

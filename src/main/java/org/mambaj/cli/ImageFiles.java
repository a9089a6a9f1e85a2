package org.mambaj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;

/** Input images: files, and the image files directly inside folders (a batch), read by ImageJ 1.x. */
final class ImageFiles {

	static final Set<String> EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp", "dcm", "pgm");

	private ImageFiles() {}

	static List<Path> expand(List<Path> inputs) throws IOException {
		List<Path> files = new ArrayList<>();
		for (Path in : inputs) {
			if (Files.isDirectory(in)) {
				try (Stream<Path> s = Files.list(in)) {
					s.filter(p -> Files.isRegularFile(p) && isImage(p)).sorted().forEach(files::add);
				}
			}
			else if (Files.isRegularFile(in)) files.add(in);
			else throw new NoSuchFileException(in.toString(), null, "no such file or folder");
		}
		return files;
	}

	/**
	 * Opens an image with ImageJ 1.x. Headless, ImageJ prints its error messages on standard output; they are
	 * caught here and put in the exception instead, so standard output keeps one line per image.
	 */
	static ImagePlus open(Path file) throws IOException {
		if (isTiff(file)) TiffCheck.requireComplete(file);
		else ImageSize.requireFits(file);
		ImageJMessages.Result<ImagePlus> opened;
		try {
			opened = ImageJMessages.capture(() -> IJ.openImage(file.toString()));
		}
		catch (RuntimeException e) {
			// ImageJ's decoders fail on corrupt files with bare exceptions (an index, a negative array size)
			throw new IllegalArgumentException("not an image ImageJ can read (corrupt file?): " + e, e);
		}
		if (opened.value() == null) throw new IllegalArgumentException("not an image ImageJ can read (TIFF, PNG, JPEG, " +
			"DICOM...): " + opened.messages());
		return opened.value();
	}

	static boolean isTiff(Path file) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".tif") || n.endsWith(".tiff");
	}

	/**
	 * Refuses, before any inference, two inputs whose results would have the same name ({@code a.png} and
	 * {@code a.tif} both give {@code a_mask.tif}); names differing only in case collide on some file systems.
	 */
	static void requireDistinctResults(List<Path> files) {
		Map<String, Path> seen = new HashMap<>();
		for (Path f : files) {
			Path other = seen.putIfAbsent(baseName(f).toLowerCase(Locale.ROOT), f);
			if (other != null) throw new IllegalArgumentException(other + " and " + f + " would both write " +
				baseName(f) + "_*.tif into the output folder; rename one or run them separately");
		}
	}

	static String baseName(Path file) {
		String n = file.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}

	private static boolean isImage(Path p) {
		String n = p.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
	}
}

package org.mambaj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.io.FileInfo;
import ij.io.TiffDecoder;

/**
 * Refuses a TIFF whose pixel data ends before the file does: ImageJ 1.x opens a truncated TIFF as a partly or
 * wholly black image without a word (a header-only file segmented into hundreds of "objects").
 */
final class TiffCheck {

	private TiffCheck() {}

	static void requireComplete(Path file) throws IOException {
		long size = Files.size(file);
		TiffStructure.requireSound(file);
		FileInfo[] infos;
		try {
			infos = new TiffDecoder(file.getParent() == null ? "" : file.getParent().toString() + "/",
				file.getFileName().toString()).getTiffInfo();
		}
		catch (IOException | RuntimeException e) {
			throw new IOException("not a readable TIFF (truncated or corrupt file: " + e + ")", e);
		}
		if (infos == null || infos.length == 0) throw new IOException("not a readable TIFF (no image in it)");
		long decoded = 0;
		for (FileInfo fi : infos) {
			long end = dataEnd(fi);
			if (end > size) throw new IOException("truncated TIFF: its pixel data needs " + end +
				" bytes but the file has " + size);
			decoded += Math.max(1, fi.nImages) * (long) fi.width * fi.height * Math.max(1, fi.getBytesPerPixel());
		}
		ImageSize.requireFits(decoded, "its pixels");
	}

	/** The offset just past an image's pixel data, from its strips if listed, else from its size. */
	private static long dataEnd(FileInfo fi) {
		long end = 0;
		if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length == fi.stripLengths.length) {
			for (int i = 0; i < fi.stripOffsets.length; i++)
				end = Math.max(end, (fi.stripOffsets[i] & 0xFFFFFFFFL) + (fi.stripLengths[i] & 0xFFFFFFFFL));
		}
		if (fi.compression > FileInfo.COMPRESSION_NONE) return end; // compressed: only the strips tell
		long images = Math.max(1, fi.nImages);
		long perImage = (long) fi.width * fi.height * Math.max(1, fi.getBytesPerPixel());
		return Math.max(end, fi.getOffset() + images * perImage + (images - 1) * Math.max(0, fi.getGap()));
	}
}

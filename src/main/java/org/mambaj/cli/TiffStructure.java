package org.mambaj.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Walks the chain of image directories (IFDs) of a classic TIFF before ImageJ's decoder does: ImageJ 1.x follows
 * the chain without a bound, so a directory pointing to itself or past the end of the file made it loop forever,
 * filling memory (found by the fuzz suite). Only the structure is read (header, entry counts, next offsets), never
 * the pixels; each directory must lie inside the file and be visited once.
 */
final class TiffStructure {

	/** Far more images than any stack MambaJ runs on (it takes one plane). */
	static final int MAX_DIRECTORIES = 100_000;

	private TiffStructure() {}

	static void requireSound(Path file) throws IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = ch.size();
			ByteBuffer header = read(ch, 0, 8, size, "the header");
			ByteOrder order = switch (header.getShort(0)) {
				case 0x4949 -> ByteOrder.LITTLE_ENDIAN; // "II"
				case 0x4D4D -> ByteOrder.BIG_ENDIAN; // "MM"
				default -> throw new IOException("not a TIFF (no II or MM byte order mark)");
			};
			header.order(order);
			if (header.getShort(2) != 42) throw new IOException("not a classic TIFF (version " + header.getShort(2) +
				"; BigTIFF is not supported)");
			long offset = header.getInt(4) & 0xFFFFFFFFL;
			Set<Long> seen = new HashSet<>();
			while (offset != 0) {
				if (!seen.add(offset)) throw new IOException("corrupt TIFF: its image directories form a loop at offset " + offset);
				if (seen.size() > MAX_DIRECTORIES) throw new IOException("corrupt TIFF: more than " + MAX_DIRECTORIES +
					" image directories");
				int entries = read(ch, offset, 2, size, "an image directory").order(order).getShort(0) & 0xFFFF;
				if (entries == 0) throw new IOException("corrupt TIFF: an empty image directory at offset " + offset);
				long next = offset + 2 + 12L * entries;
				offset = read(ch, next, 4, size, "an image directory").order(order).getInt(0) & 0xFFFFFFFFL;
			}
			if (seen.isEmpty()) throw new IOException("not a readable TIFF (no image in it)");
		}
	}

	private static ByteBuffer read(FileChannel ch, long at, int length, long size, String what) throws IOException {
		if (at < 0 || at + length > size) throw new IOException("truncated TIFF: " + what + " at offset " + at +
			" lies beyond the end of the file (" + size + " bytes)");
		ByteBuffer b = ByteBuffer.allocate(length);
		while (b.hasRemaining()) if (ch.read(b, at + b.position()) < 0) throw new IOException("truncated TIFF");
		return b.flip();
	}
}

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
 * Walks the chain of image directories (IFDs) of a classic TIFF before ImageJ's decoder does, because ImageJ 1.x
 * trusts it (all found by the fuzz suite): a directory pointing to itself made it loop forever, and an entry
 * declaring 2^31 values made it allocate them (OutOfMemoryError) or read them one by one past the end of the file
 * (a hang). Only the structure is read, never the pixels: each directory must lie inside the file and be visited
 * once, and the values of every entry must lie inside the file.
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
				ByteBuffer table = read(ch, offset + 2, 12 * entries, size, "an image directory").order(order);
				for (int i = 0; i < entries; i++) checkEntry(table, 12 * i, size);
				long next = offset + 2 + 12L * entries;
				offset = read(ch, next, 4, size, "an image directory").order(order).getInt(0) & 0xFFFFFFFFL;
			}
			if (seen.isEmpty()) throw new IOException("not a readable TIFF (no image in it)");
		}
	}

	/** An entry's values, if they do not fit in its 4-byte value field, must lie inside the file. */
	private static void checkEntry(ByteBuffer table, int at, long size) throws IOException {
		int tag = table.getShort(at) & 0xFFFF, type = table.getShort(at + 2) & 0xFFFF;
		long count = table.getInt(at + 4) & 0xFFFFFFFFL;
		// unknown types: ImageJ reads their values as 4-byte integers
		int bytes = switch (type) {
			case 1, 2, 6, 7 -> 1;
			case 3, 8 -> 2;
			case 5, 10, 12 -> 8;
			default -> 4;
		};
		if (count * bytes <= 4) return;
		long values = table.getInt(at + 8) & 0xFFFFFFFFL;
		if (count > size || values + count * bytes > size) throw new IOException("corrupt TIFF: tag " + tag + " declares " +
			count + " values at offset " + values + ", beyond the end of the file (" + size + " bytes)");
	}

	private static ByteBuffer read(FileChannel ch, long at, int length, long size, String what) throws IOException {
		if (at < 0 || at + length > size) throw new IOException("truncated TIFF: " + what + " at offset " + at +
			" lies beyond the end of the file (" + size + " bytes)");
		ByteBuffer b = ByteBuffer.allocate(length);
		while (b.hasRemaining()) if (ch.read(b, at + b.position()) < 0) throw new IOException("truncated TIFF");
		return b.flip();
	}
}

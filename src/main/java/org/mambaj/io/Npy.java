package org.mambaj.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.mambaj.core.Tensor;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0).
 * <p>
 * Reading accepts C-ordered little-endian arrays of {@code <f4, <f8, <f2, |u1, <u2, |i1, <i2, <i4, <i8, |b1}, all
 * converted to float32 (integers beyond 2^24 lose precision, booleans become 0 and 1). Fortran order (for arrays
 * with more than one non-trivial dimension), big-endian, structured and object arrays are rejected. The magic
 * string, version, header dictionary and data length are all validated; problems raise a
 * {@link WeightsFormatException} naming the file (and for a wrong data length, the expected and actual byte counts).
 * <p>
 * Writing produces version 1.0, {@code '<f4'}, C order.
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	/** NumPy pads the header so the data starts 64-byte aligned. */
	private static final int ALIGNMENT = 64;
	/** NumPy itself refuses headers above 10 000 bytes by default; this leaves room but stops garbage early. */
	private static final long MAX_HEADER_BYTES = 1 << 20;
	private static final int CHUNK_BYTES = 1 << 20;

	private Npy() {}

	public static Tensor read(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long fileSize = channel.size();
			if (fileSize < 10) throw new WeightsFormatException(file + ": file is " + fileSize + " bytes, too short " +
				"for a .npy file (at least 10 bytes of preamble)");
			ByteBuffer preamble = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
			preamble.limit((int) Math.min(12, fileSize));
			ChannelIO.readFully(channel, preamble, 0, file, "the .npy preamble");
			for (int i = 0; i < MAGIC.length; i++) if (preamble.get(i) != MAGIC[i]) throw new WeightsFormatException(
				file + ": not a .npy file (the magic string \\x93NUMPY is missing)");
			int major = preamble.get(6) & 0xFF, minor = preamble.get(7) & 0xFF;
			if (major < 1 || major > 3 || minor != 0) throw new WeightsFormatException(file + ": unsupported .npy " +
				"format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
			int lengthBytes = major == 1 ? 2 : 4;
			if (fileSize < 8 + lengthBytes) throw new WeightsFormatException(file + ": truncated .npy preamble: " +
				"expected " + (8 + lengthBytes) + " bytes, file has " + fileSize);
			long headerLength = major == 1 ? preamble.getShort(8) & 0xFFFF : preamble.getInt(8) & 0xFFFFFFFFL;
			long dataStart = 8 + lengthBytes + headerLength;
			if (headerLength > MAX_HEADER_BYTES) throw new WeightsFormatException(file + ": .npy header length " +
				headerLength + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
			if (dataStart > fileSize) throw new WeightsFormatException(file + ": truncated .npy header: expected " +
				headerLength + " header bytes, file has only " + (fileSize - 8 - lengthBytes));
			ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
			ChannelIO.readFully(channel, headerBytes, 8 + lengthBytes, file, "the .npy header");
			// Version 1.0 and 2.0 headers are latin-1, 3.0 headers UTF-8.
			Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
			NpyHeader header = NpyHeader.parse(new String(headerBytes.array(), charset), file.toString());
			if (!header.layoutIsC()) throw new WeightsFormatException(file + ": Fortran-ordered array of shape " +
				Arrays.toString(header.shape()) + " is not supported; save it with np.ascontiguousarray(arr)");

			long expected = header.numel() * header.dtype().bytes;
			long actual = fileSize - dataStart;
			if (actual != expected) throw new WeightsFormatException(file + ": data of shape " +
				Arrays.toString(header.shape()) + " and dtype '" + header.dtype().descr + "' needs " + expected +
				" bytes but the file has " + actual + (actual < expected ? " (truncated file)" : " (trailing bytes)"));
			return new Tensor(readData(channel, dataStart, header, file), header.shape());
		}
	}

	private static float[] readData(FileChannel channel, long position, NpyHeader header, Path file)
		throws IOException {
		int numel = (int) header.numel();
		NpyDtype dtype = header.dtype();
		float[] data = new float[numel];
		int perChunk = CHUNK_BYTES / dtype.bytes;
		ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(8, (long) numel * dtype.bytes)))
			.order(ByteOrder.LITTLE_ENDIAN);
		long p = position;
		for (int done = 0; done < numel;) {
			int count = Math.min(numel - done, perChunk);
			chunk.clear().limit(count * dtype.bytes);
			ChannelIO.readFully(channel, chunk, p, file, "the array data");
			chunk.flip();
			dtype.decode(chunk, data, done, count);
			p += (long) count * dtype.bytes;
			done += count;
		}
		return data;
	}

	/** Writes {@code tensor} as a version 1.0, {@code '<f4'}, C-ordered array. */
	public static void write(Path file, Tensor tensor) throws IOException {
		byte[] header = header(tensor.shape());
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
			StandardOpenOption.TRUNCATE_EXISTING)) {
			ChannelIO.writeFully(channel, ByteBuffer.wrap(header));
			ChannelIO.writeFloats(channel, tensor.data(), ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN));
		}
	}

	/** Magic, version 1.0, length and the dict padded with spaces and a newline to 64-byte alignment. */
	private static byte[] header(int[] shape) throws IOException {
		StringBuilder dims = new StringBuilder();
		for (int d : shape) dims.append(d).append(shape.length == 1 ? "," : ", ");
		String tuple = "(" + (shape.length > 1 ? dims.substring(0, dims.length() - 2) : dims) + ")";
		String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }";
		int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
		int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
		String text = dict + " ".repeat(padding) + "\n";
		if (text.length() > 0xFFFF) throw new IOException("shape " + Arrays.toString(shape) +
			" makes a .npy 1.0 header too long");
		ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
		buffer.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
		buffer.put(text.getBytes(StandardCharsets.ISO_8859_1));
		return buffer.array();
	}
}

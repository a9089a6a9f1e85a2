package org.mambaj.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mambaj.core.Tensor;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format: an 8-byte
 * little-endian header length N, N bytes of UTF-8 JSON describing each tensor's dtype, shape and byte range, then
 * the raw little-endian data.
 * <p>
 * Reading accepts F32, F16, BF16, F64, I64, I32, I16, I8, U8 and BOOL, all converted to float32 (see
 * {@link SafeTensorsDtype} for the precision of integer conversion). The whole header is validated before any data
 * is read; each tensor is then read once, in file order, in bounded chunks (no memory mapping, so the file is not
 * held open or locked after reading). Every problem raises a {@link WeightsFormatException} naming the file.
 * <p>
 * Writing produces F32 tensors with the header padded with spaces to a multiple of 8 bytes, as the reference
 * implementation does.
 */
public final class SafeTensors {

	/**
	 * Real headers are a few hundred kB (a few MB for the largest language models); a larger length means a
	 * corrupt or hostile file (a 90 MB header of empty tensors took a minute and 2.6 GB to refuse).
	 */
	static final long MAX_HEADER_BYTES = 16L * 1024 * 1024;
	/** Read in chunks so a large tensor does not need a second full-size byte buffer. */
	private static final int CHUNK_BYTES = 1 << 20;

	private SafeTensors() {}

	/** All tensors of {@code file}, in header order. */
	public static Map<String, Tensor> read(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long headerLength = headerLength(channel, file);
			SafeTensorsHeader header = parseHeader(channel, headerLength, file);
			// Read in file order (sequential I/O), return in header order.
			List<SafeTensorsHeader.Entry> byOffset = new ArrayList<>(header.entries);
			byOffset.sort(Comparator.comparingLong(SafeTensorsHeader.Entry::begin));
			Map<String, Tensor> byName = new HashMap<>();
			for (SafeTensorsHeader.Entry entry : byOffset) byName.put(entry.name(), readTensor(channel,
				8 + headerLength, entry, file));
			Map<String, Tensor> tensors = new LinkedHashMap<>();
			for (SafeTensorsHeader.Entry entry : header.entries) tensors.put(entry.name(), byName.get(entry.name()));
			return tensors;
		}
	}

	/**
	 * The tensors of {@code file} by name, in header order, each with its shape from the validated header and its
	 * values read only when asked: a weight never used (or of the wrong shape) is never allocated.
	 */
	static Map<String, LazyTensor> index(Path file) throws IOException {
		SafeTensorsHeader header;
		long dataStart;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long headerLength = headerLength(channel, file);
			header = parseHeader(channel, headerLength, file);
			dataStart = 8 + headerLength;
		}
		Map<String, LazyTensor> tensors = new LinkedHashMap<>();
		for (SafeTensorsHeader.Entry entry : header.entries) tensors.put(entry.name(), new LazyTensor(entry.shape(), () -> {
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
				return readTensor(channel, dataStart, entry, file);
			}
		}));
		return tensors;
	}

	/** The {@code __metadata__} map of {@code file} (empty if absent); validates the whole header. */
	public static Map<String, String> readMetadata(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			return parseHeader(channel, headerLength(channel, file), file).metadata;
		}
	}

	/** Writes {@code tensors} as F32 in map order, with optional string {@code metadata} (may be null). */
	public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
		throws IOException {
		byte[] header = SafeTensorsHeaderWriter.header(tensors, metadata);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
			StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
			ChannelIO.writeFully(channel, length.flip());
			ChannelIO.writeFully(channel, ByteBuffer.wrap(header));
			ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
			for (Tensor tensor : tensors.values()) ChannelIO.writeFloats(channel, tensor.data(), chunk);
		}
	}

	private static SafeTensorsHeader parseHeader(FileChannel channel, long headerLength, Path file)
		throws IOException {
		long fileSize = channel.size();
		byte[] headerBytes = new byte[(int) headerLength];
		ChannelIO.readFully(channel, ByteBuffer.wrap(headerBytes), 8, file, "the header");
		return SafeTensorsHeader.parse(headerBytes, fileSize - 8 - headerLength, file.toString());
	}

	/** The header length, checked to be plausible and to fit inside the file. */
	private static long headerLength(FileChannel channel, Path file) throws IOException {
		long fileSize = channel.size();
		if (fileSize < 8) throw new WeightsFormatException(file + ": file is " + fileSize + " bytes, shorter " +
			"than the 8-byte safetensors header length (empty or truncated file?)");
		ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
		ChannelIO.readFully(channel, buffer, 0, file, "the header length");
		long length = buffer.getLong(0);
		// Unsigned in the format: a negative long is a length above 2^63, certainly absurd.
		if (length < 0 || length > MAX_HEADER_BYTES) throw new WeightsFormatException(file + ": header length " +
			Long.toUnsignedString(length) + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes (not a " +
			"safetensors file?)");
		if (length < 2) throw new WeightsFormatException(file + ": header length " + length +
			" is too small for a JSON object");
		if (8 + length > fileSize) throw new WeightsFormatException(file + ": header length " + length +
			" needs " + (8 + length) + " bytes but the file has only " + fileSize + " (truncated file?)");
		return length;
	}

	private static Tensor readTensor(FileChannel channel, long dataStart, SafeTensorsHeader.Entry entry, Path file)
		throws IOException {
		int numel = entry.numel();
		float[] data = new float[numel];
		int elementsPerChunk = CHUNK_BYTES / entry.dtype().bytes;
		ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(8, entry.end() - entry.begin())))
			.order(ByteOrder.LITTLE_ENDIAN);
		long position = dataStart + entry.begin();
		for (int done = 0; done < numel;) {
			int count = Math.min(numel - done, elementsPerChunk);
			chunk.clear().limit(count * entry.dtype().bytes);
			ChannelIO.readFully(channel, chunk, position, file, "tensor \"" + entry.name() + "\"");
			chunk.flip();
			entry.dtype().decode(chunk, data, done, count);
			position += (long) count * entry.dtype().bytes;
			done += count;
		}
		return new Tensor(data, entry.shape());
	}
}

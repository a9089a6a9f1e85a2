package org.mambaj.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Positional reads and writes that loop until the buffer is done, turning an early end of file into an error. */
final class ChannelIO {

	private ChannelIO() {}

	/** Fills {@code buffer} from {@code position}; {@code what} describes the bytes for the error message. */
	static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file, String what)
		throws IOException {
		int wanted = buffer.remaining();
		long p = position;
		while (buffer.hasRemaining()) {
			int n = channel.read(buffer, p);
			// Sizes are checked up front; running short means the file shrank while being read.
			if (n < 0) throw new WeightsFormatException(file + ": unexpected end of file reading " + what +
				": expected " + wanted + " bytes at offset " + position + ", got " + (wanted - buffer.remaining()));
			p += n;
		}
	}

	static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
		while (buffer.hasRemaining()) channel.write(buffer);
	}

	/** Writes floats through {@code chunk} (a little-endian buffer of at least 4 bytes), one chunk at a time. */
	static void writeFloats(FileChannel channel, float[] data, ByteBuffer chunk) throws IOException {
		int perChunk = chunk.capacity() / 4;
		for (int i = 0; i < data.length;) {
			int count = Math.min(data.length - i, perChunk);
			chunk.clear();
			chunk.asFloatBuffer().put(data, i, count);
			chunk.limit(count * 4);
			writeFully(channel, chunk);
			i += count;
		}
	}
}

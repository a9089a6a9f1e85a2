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
}

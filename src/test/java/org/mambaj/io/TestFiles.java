package org.mambaj.io;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Helpers shared by the io tests: test resources and hand-crafted files. */
final class TestFiles {

	private TestFiles() {}

	static Path resource(String name) {
		try {
			return Paths.get(TestFiles.class.getResource("/io/" + name).toURI());
		} catch (URISyntaxException | NullPointerException e) {
			throw new IllegalStateException("test resource missing: " + name, e);
		}
	}

	/** A safetensors file with the given header text (unpadded) and data bytes. */
	static Path safetensors(Path dir, String header, byte[] data) throws IOException {
		byte[] json = header.getBytes(StandardCharsets.UTF_8);
		ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
		buffer.putLong(json.length).put(json).put(data);
		Path file = dir.resolve("crafted.safetensors");
		Files.write(file, buffer.array());
		return file;
	}

	static byte[] floats(float... values) {
		ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		for (float v : values) buffer.putFloat(v);
		return buffer.array();
	}

	static byte[] truncate(byte[] bytes, int length) {
		byte[] out = new byte[length];
		System.arraycopy(bytes, 0, out, 0, length);
		return out;
	}
}

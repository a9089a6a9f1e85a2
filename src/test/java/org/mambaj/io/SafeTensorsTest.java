package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.core.Tensor;

class SafeTensorsTest {

	@TempDir
	Path dir;

	@Test
	void roundTripKeepsOrderShapesValuesAndMetadata() throws IOException {
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		tensors.put("z.last.weight", new Tensor(new float[] { 1, -2.5f, Float.MIN_VALUE, 3e30f, 0, -0f }, 2, 3));
		tensors.put("a.first.bias", new Tensor(new float[] { 7 }, 1));
		tensors.put("scalar", new Tensor(new float[] { 42 }));
		tensors.put("empty", Tensor.zeros(0, 4));
		tensors.put("quote\"and\\backslash", new Tensor(new float[] { 1, 2 }, 2));
		Path file = dir.resolve("w.safetensors");
		SafeTensors.write(file, tensors, Map.of("format", "pt", "note", "line\nbreak"));

		Map<String, Tensor> read = SafeTensors.read(file);
		assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.keySet()));
		for (String key : tensors.keySet()) {
			assertArrayEquals(tensors.get(key).shape(), read.get(key).shape(), key);
			assertArrayEquals(tensors.get(key).data(), read.get(key).data(), key);
		}
		assertEquals(Map.of("format", "pt", "note", "line\nbreak"), SafeTensors.readMetadata(file));

		long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		assertEquals(0, headerLength % 8, "header padded to 8 bytes like the reference writer");
	}

	@Test
	void writesLargeTensorsAcrossChunks() throws IOException {
		float[] data = new float[700_000];
		for (int i = 0; i < data.length; i++) data[i] = i * 0.5f;
		Path file = dir.resolve("big.safetensors");
		SafeTensors.write(file, Map.of("big", new Tensor(data, 700, 1000)), null);
		assertArrayEquals(data, SafeTensors.read(file).get("big").data());
		assertTrue(SafeTensors.readMetadata(file).isEmpty());
	}

	@Test
	void readsPythonWrittenFileWithMixedDtypes() throws IOException {
		Path file = TestFiles.resource("reference/mixed.safetensors");
		Map<String, Tensor> t = SafeTensors.read(file);
		assertEquals(List.of("f32", "f16", "bf16", "f64", "bn.num_batches_tracked", "u8", "empty"),
			List.copyOf(t.keySet()));
		assertArrayEquals(new float[] { 1, -2, 3.5f, 1e-8f }, t.get("f32").data());
		assertArrayEquals(new float[] { 1, Float.POSITIVE_INFINITY, 0x1p-24f, Float.NEGATIVE_INFINITY, -0f,
			0.333251953125f, 65504, 0x1p-14f, 1023 * 0x1p-24f, -2 }, t.get("f16").data());
		assertArrayEquals(new float[] { 1, -2, Float.POSITIVE_INFINITY, 0 }, t.get("bf16").data());
		assertArrayEquals(new int[] { 2, 2 }, t.get("bf16").shape());
		assertArrayEquals(new float[] { 0.1f, Float.NEGATIVE_INFINITY }, t.get("f64").data());
		assertArrayEquals(new int[0], t.get("bn.num_batches_tracked").shape());
		assertEquals(12345f, t.get("bn.num_batches_tracked").data()[0]);
		assertArrayEquals(new float[] { 0, 7, 255 }, t.get("u8").data());
		assertArrayEquals(new int[] { 0, 3 }, t.get("empty").shape());
		assertEquals("pt", SafeTensors.readMetadata(file).get("format"));
	}

	// ---- error paths: each message must name the file and what is wrong ----

	private String failure(Path file) {
		WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> SafeTensors.read(file));
		assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
		return e.getMessage();
	}

	private String failure(String header, byte[] data) throws IOException {
		return failure(TestFiles.safetensors(dir, header, data));
	}

	private static void assertContains(String message, String... parts) {
		for (String part : parts) assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
	}

	@Test
	void rejectsFileShorterThanEightBytes() throws IOException {
		Path file = dir.resolve("short.safetensors");
		Files.write(file, new byte[] { 1, 2, 3 });
		assertContains(failure(file), "3 bytes", "shorter than the 8-byte");
		Files.write(file, new byte[0]);
		assertContains(failure(file), "0 bytes");
	}

	@Test
	void rejectsHeaderLengthBeyondFileOrAbsurd() throws IOException {
		Path file = dir.resolve("h.safetensors");
		ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100).putLong(0);
		Files.write(file, b.array());
		assertContains(failure(file), "header length 100", "only 16");
		b.clear();
		Files.write(file, b.putLong(200L * 1024 * 1024).putLong(0).array());
		assertContains(failure(file), "209715200", "limit");
		b.clear();
		Files.write(file, b.putLong(-1L).putLong(0).array());
		assertContains(failure(file), "18446744073709551615");
	}

	@Test
	void rejectsInvalidJson() throws IOException {
		assertContains(failure("{\"a\": {\"dtype\": \"F32\",}", new byte[0]), "invalid JSON");
		assertContains(failure("garbage, not json", new byte[0]), "invalid JSON", "'garbage'", "character 8");
		assertContains(failure("{\"a\": 1} trailing", new byte[0]), "after the JSON value");
		assertContains(failure("{\"a\": 1, \"a\": 2}", new byte[0]), "Duplicate field 'a'");
		assertContains(failure("{\"a\": [1, 2", new byte[0]), "invalid JSON");
		assertContains(failure("[1, 2, 3]", new byte[0]), "must be a JSON object", "an array");
		assertContains(failure("\"text\"", new byte[0]), "must be a JSON object");
	}

	@Test
	void rejectsHeaderThatIsNotUtf8() throws IOException {
		Path file = dir.resolve("latin.safetensors");
		ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(4);
		b.put(new byte[] { '{', (byte) 0xFF, (byte) 0xFE, '}' });
		Files.write(file, b.array());
		assertContains(failure(file), "UTF-8");
	}

	@Test
	void rejectsMissingFields() throws IOException {
		byte[] data = TestFiles.floats(1, 2);
		assertContains(failure("{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", data), "\"w\"", "missing \"dtype\"");
		assertContains(failure("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", data), "missing \"shape\"");
		assertContains(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", data), "missing \"data_offsets\"");
		assertContains(failure("{\"w\":[1,2]}", data), "\"w\"", "found an array");
		assertContains(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", data),
			"unknown field \"x\"");
		assertContains(failure("{\"__metadata__\":{\"a\":1}}", data), "must be a string");
	}

	@Test
	void rejectsUnknownDtypeNamingIt() throws IOException {
		assertContains(failure("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}",
			new byte[2]), "\"w\"", "unsupported dtype \"F8_E4M3\"", "F32");
		assertContains(failure("{\"w\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]),
			"dtype must be a string");
	}

	@Test
	void rejectsBadShapes() throws IOException {
		assertContains(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", new byte[8]),
			"negative dimension -2");
		assertContains(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", new byte[8]),
			"shape[0] must be an integer", "2.5");
		assertContains(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}",
			new byte[8]), "more than a Java array");
	}

	@Test
	void rejectsOffsetsOutsideTheFileOrInconsistent() throws IOException {
		byte[] data = TestFiles.floats(1, 2);
		assertContains(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", data),
			"\"w\"", "[0, 16]", "8 bytes after the header", "truncated");
		assertContains(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", data),
			"end 0 is before begin 8");
		assertContains(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", data),
			"negative data_offsets");
		assertContains(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,8]}}", data),
			"span 8 bytes", "needs 4 bytes");
		assertContains(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", data),
			"must be [begin, end]");
	}

	@Test
	void rejectsOverlappingTensors() throws IOException {
		String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," +
			"\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
		assertContains(failure(header, TestFiles.floats(1, 2, 3)), "\"a\"", "\"b\"", "overlap");
	}

	@Test
	void rejectsTruncatedFile() throws IOException {
		Path good = dir.resolve("good.safetensors");
		SafeTensors.write(good, Map.of("w", new Tensor(new float[] { 1, 2, 3, 4 }, 4)), null);
		byte[] bytes = Files.readAllBytes(good);
		Path file = dir.resolve("truncated.safetensors");
		Files.write(file, TestFiles.truncate(bytes, bytes.length - 3));
		assertContains(failure(file), "\"w\"", "truncated");
		Files.write(file, TestFiles.truncate(bytes, 20));
		assertContains(failure(file), "header length", "truncated");
	}
}

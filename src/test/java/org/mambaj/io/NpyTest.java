package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.core.Tensor;

class NpyTest {

	@TempDir
	Path dir;

	private Tensor reference(String name) throws IOException {
		return Npy.read(TestFiles.resource("reference/" + name));
	}

	@Test
	void readsNumpyWrittenDtypes() throws IOException {
		Tensor u1 = reference("u1.npy");
		assertArrayEquals(new int[] { 2, 3 }, u1.shape());
		assertArrayEquals(new float[] { 0, 1, 2, 127, 128, 255 }, u1.data());
		assertArrayEquals(new float[] { 1.5f, -2.25f, 1e-3f }, reference("f8.npy").data());
		assertArrayEquals(new float[] { -1, 2, 3, 0x1p40f }, reference("i8.npy").data());
		assertArrayEquals(new float[] { 0, 65535, 1234 }, reference("u2.npy").data());
		assertArrayEquals(new float[] { -7, 0, 2147483647f }, reference("i4.npy").data());
		assertArrayEquals(new float[] { 1, 0, 1 }, reference("b1.npy").data());
		Tensor scalar = reference("f4_scalar.npy");
		assertEquals(0, scalar.rank());
		assertEquals(3.25f, scalar.data()[0]);
	}

	@Test
	void readsFormatVersionsTwoAndThree() throws IOException {
		for (String name : new String[] { "f4_v2.npy", "f4_v3.npy" }) {
			Tensor t = reference(name);
			assertArrayEquals(new int[] { 3, 4 }, t.shape(), name);
			for (int i = 0; i < 12; i++) assertEquals(i / 4f, t.data()[i], name);
		}
	}

	@Test
	void roundTripIsByteCompatibleWithNumpyLayout() throws IOException {
		int[][] shapes = { {}, { 5 }, { 2, 3 }, { 1, 2, 3, 4 }, { 0, 3 } };
		for (int[] shape : shapes) {
			Tensor t = Tensor.zeros(shape);
			for (int i = 0; i < t.size(); i++) t.data()[i] = i * 1.25f - 3;
			Path file = dir.resolve("t.npy");
			Npy.write(file, t);
			Tensor back = Npy.read(file);
			assertArrayEquals(shape, back.shape());
			assertArrayEquals(t.data(), back.data());
			byte[] bytes = Files.readAllBytes(file);
			int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
			assertEquals(0, (10 + headerLength) % 64, "data 64-byte aligned as numpy writes it");
			assertEquals('\n', bytes[10 + headerLength - 1]);
		}
		Path file = dir.resolve("t.npy");
		Npy.write(file, Tensor.zeros(3));
		String header = new String(Files.readAllBytes(file), 10, 60, StandardCharsets.ISO_8859_1);
		assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
	}

	// ---- error paths ----

	private String failure(Path file) {
		WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> Npy.read(file));
		assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
		return e.getMessage();
	}

	private static void assertContains(String message, String... parts) {
		for (String part : parts) assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
	}

	/** A version 1.0 file with the given header dictionary and data. */
	private Path npy(String dict, byte[] data) throws IOException {
		byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
		ByteBuffer b = ByteBuffer.allocate(10 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }).putShort((short) header.length);
		b.put(header).put(data);
		Path file = dir.resolve("crafted.npy");
		Files.write(file, b.array());
		return file;
	}

	@Test
	void rejectsTruncatedDataNamingByteCounts() throws IOException {
		Path good = dir.resolve("good.npy");
		Npy.write(good, Tensor.zeros(4, 4));
		byte[] bytes = Files.readAllBytes(good);
		Path file = dir.resolve("truncated.npy");
		Files.write(file, TestFiles.truncate(bytes, bytes.length - 10));
		assertContains(failure(file), "needs 64 bytes", "has 54", "truncated");
		Files.write(file, TestFiles.truncate(bytes, 40));
		assertContains(failure(file), "truncated .npy header");
		Files.write(file, TestFiles.truncate(bytes, 5));
		assertContains(failure(file), "too short");
	}

	@Test
	void rejectsTrailingBytes() throws IOException {
		assertContains(failure(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
			TestFiles.floats(1, 2))), "needs 4 bytes", "has 8", "trailing");
	}

	@Test
	void rejectsBadMagicAndVersion() throws IOException {
		Path file = dir.resolve("bad.npy");
		Files.write(file, "this is not an npy file at all".getBytes(StandardCharsets.US_ASCII));
		assertContains(failure(file), "not a .npy file");
		byte[] bytes = Files.readAllBytes(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
			TestFiles.floats(1)));
		bytes[6] = 4;
		Files.write(file, bytes);
		assertContains(failure(file), "version 4.0");
	}

	@Test
	void rejectsFortranOrderBigEndianAndUnknownDtypes() throws IOException {
		assertContains(failure(TestFiles.resource("reference/f4_fortran.npy")), "Fortran", "[2, 3]");
		assertContains(failure(TestFiles.resource("reference/f4_big_endian.npy")), "unsupported dtype '>f4'");
		assertContains(failure(npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8])),
			"unsupported dtype '<c8'", "<f4");
		assertContains(failure(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
			new byte[4])), "structured");
	}

	@Test
	void acceptsFortranFlagOnOneDimensionalData() throws IOException {
		Tensor t = Npy.read(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", TestFiles.floats(1, 2)));
		assertArrayEquals(new float[] { 1, 2 }, t.data());
	}

	@Test
	void rejectsMalformedHeaders() throws IOException {
		assertContains(failure(npy("{'descr': '<f4', 'shape': (1,), }", new byte[4])), "keys must be");
		assertContains(failure(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", new byte[4])),
			"invalid dimension -1");
		assertContains(failure(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", new byte[4])),
			"fortran_order");
		assertContains(failure(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,) ", new byte[4])),
			"invalid .npy header");
		assertContains(failure(npy("__import__('os').system('x')", new byte[4])), "invalid .npy header");
		assertContains(failure(npy("[1, 2]", new byte[4])), "not a dictionary");
	}
}

package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.TestPackages;
import org.mambaj.zoo.HostileInstallTestAccess;

/** Issue 10, items 7 (weights allocated before keys are checked; huge headers) and 15 (zip extraction). */
class HostileWeightsTest {

	@TempDir
	Path tmp;

	/** Adds a tensor to a safetensors file without writing its bytes: the file grows sparse. */
	static void addSparseTensor(Path file, String name, long elements) throws IOException {
		byte[] all = Files.readAllBytes(file);
		ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
		int headerLength = (int) b.getLong(0);
		String header = new String(all, 8, headerLength, StandardCharsets.UTF_8).strip();
		long dataSize = all.length - 8 - headerLength;
		String extended = header.substring(0, header.length() - 1) + ",\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[" +
			elements + "],\"data_offsets\":[" + dataSize + "," + (dataSize + 4 * elements) + "]}}";
		byte[] json = extended.getBytes(StandardCharsets.UTF_8);
		ByteBuffer out = ByteBuffer.allocate(8 + json.length + (int) dataSize).order(ByteOrder.LITTLE_ENDIAN);
		out.putLong(json.length).put(json).put(all, 8 + headerLength, (int) dataSize);
		Files.write(file, out.array());
		try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
			f.setLength(8 + json.length + dataSize + 4 * elements);
		}
	}

	@Test
	void anUnusedHugeTensorIsRefusedByNameWithoutBeingRead() throws Exception {
		Path pkg = TestPackages.write(TestPackages.CLASSIFIER, tmp);
		// 8 GB of float32: more than the test heap, so reading it would be an OutOfMemoryError
		addSparseTensor(pkg.resolve("weights.safetensors"), "unused.huge", Integer.MAX_VALUE - 64);
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> PackagedModel.load(pkg, "java").close());
		assertTrue(e.getMessage().contains("unused.huge") && e.getMessage().contains("not used"), e.getMessage());
	}

	@Test
	void aHeaderOfTooManyTensorsIsRefusedQuickly() throws Exception {
		StringBuilder json = new StringBuilder("{");
		for (int i = 0; i < 5 * SafeTensorsHeader.MAX_TENSORS; i++)
			json.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
		Path file = TestFiles.safetensors(tmp, json.append("}").toString(), new byte[0]);
		WeightsFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
			() -> assertThrows(WeightsFormatException.class, () -> StateDict.load(file)));
		assertTrue(e.getMessage().contains("more than the " + SafeTensorsHeader.MAX_TENSORS + " tensors"), e.getMessage());
	}

	@Test
	void aHeaderAboveTheLimitIsRefusedBeforeItIsRead() throws Exception {
		Path file = tmp.resolve("big-header.safetensors");
		try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
			f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(90L << 20).array());
			f.setLength(8 + (90L << 20));
		}
		WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> StateDict.load(file));
		assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
	}

	@Test
	void zipErrorsNameTheZipAndListingDoesNotExtract() throws Exception {
		Path folder = TestPackages.write(TestPackages.CLASSIFIER, tmp.resolve("staging"));
		Path weights = folder.resolve("weights.safetensors");
		byte[] bytes = Files.readAllBytes(weights);
		Path zip = HostileInstallTestAccess.zip(folder, tmp.resolve("broken.zip"));
		Files.write(weights, Arrays.copyOf(bytes, bytes.length - 16));
		Path truncated = HostileInstallTestAccess.zip(folder, tmp.resolve("truncated.zip"));
		Path temp = Path.of(System.getProperty("java.io.tmpdir"));
		List<Path> before = extractions(temp);
		assertEquals("Tiny classifier", ModelPackage.describe(zip).name());
		assertEquals(before, extractions(temp), "describing a zip extracts nothing");
		IOException e = assertThrows(IOException.class, () -> PackagedModel.load(truncated, "java").close());
		assertTrue(e.getMessage().contains(truncated + "!weights.safetensors"), e.getMessage());
		assertFalse(e.getMessage().contains("mambaj-package-"), e.getMessage());
		assertEquals(before, extractions(temp), "the failed load removed its extraction");
	}

	@Test
	void aZipLargerThanTheFreeSpaceIsRefusedNamingBoth() {
		Path zip = Path.of("model.zip"), folder = Path.of("/small-disk");
		ModelPackageException e = assertThrows(ModelPackageException.class,
			() -> ZipExtractor.requireSpace(2L << 30, 256L << 20, zip, folder));
		assertTrue(e.getMessage().contains("model.zip") && e.getMessage().contains("/small-disk"), e.getMessage());
	}

	private static List<Path> extractions(Path temp) throws IOException {
		try (Stream<Path> s = Files.list(temp)) {
			String mine = "mambaj-package-" + ProcessHandle.current().pid() + "-";
			return s.filter(p -> p.getFileName().toString().startsWith(mine)).sorted().toList();
		}
	}
}

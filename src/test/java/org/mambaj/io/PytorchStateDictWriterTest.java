package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.core.Tensor;

/** The torch.save file MambaJ writes for bioimage.io's pytorch_state_dict reads back with the .pth reader. */
class PytorchStateDictWriterTest {

	@TempDir
	Path tmp;

	@Test
	void tensorsOfEveryRankComeBackExactly() throws Exception {
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		tensors.put("conv.weight", new Tensor(new float[] { 1, -2, 3.5f, 4, 5, 6, 7, 8 }, 2, 1, 2, 2));
		tensors.put("norm.bias", new Tensor(new float[] { 0.25f, Float.MIN_VALUE, -0f }, 3));
		tensors.put("scale", new Tensor(new float[] { 42 }));
		tensors.put("name with ünïcode", new Tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3));
		Path file = tmp.resolve("weights.pt");
		PytorchStateDictWriter.write(file, tensors);
		Map<String, Tensor> back = Checkpoints.tensors(file);
		assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.keySet()));
		for (String k : tensors.keySet()) {
			assertArrayEquals(tensors.get(k).shape(), back.get(k).shape(), k);
			assertArrayEquals(tensors.get(k).data(), back.get(k).data(), k);
		}
		byte[] first = Files.readAllBytes(file);
		PytorchStateDictWriter.write(file, tensors);
		assertArrayEquals(first, Files.readAllBytes(file), "the same tensors give the same bytes");
	}

	@Test
	void tensorDataIsStoredAndAlignedLikePyTorchsWriter() throws Exception {
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		for (int i = 0; i < 5; i++) tensors.put("layer" + i + ".weight", new Tensor(new float[7 + i], 7 + i));
		Path file = tmp.resolve("w.pt");
		PytorchStateDictWriter.write(file, tensors);
		byte[] bytes = Files.readAllBytes(file);
		try (ZipFile zip = new ZipFile(file.toFile())) {
			for (int i = 0; i < 5; i++) {
				var e = zip.getEntry("archive/data/" + i);
				assertEquals(java.util.zip.ZipEntry.STORED, e.getMethod());
				// local header at its offset: find the data start from the header's own lengths
				long offset = localHeaderOffset(bytes, "archive/data/" + i);
				int nameLen = u16(bytes, (int) offset + 26), extraLen = u16(bytes, (int) offset + 28);
				assertEquals(0, (offset + 30 + nameLen + extraLen) % 64, "data of entry " + i + " is 64-byte aligned");
			}
		}
	}

	private static long localHeaderOffset(byte[] b, String name) {
		byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		outer:
		for (int i = 0; i + 30 + n.length < b.length; i++) {
			if (b[i] != 'P' || b[i + 1] != 'K' || b[i + 2] != 3 || b[i + 3] != 4) continue;
			if (u16(b, i + 26) != n.length) continue;
			for (int k = 0; k < n.length; k++) if (b[i + 30 + k] != n[k]) continue outer;
			return i;
		}
		throw new AssertionError(name + " not found");
	}

	private static int u16(byte[] b, int i) {
		return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
	}
}

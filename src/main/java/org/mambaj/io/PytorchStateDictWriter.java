package org.mambaj.io;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.mambaj.core.Tensor;

/**
 * Writes float32 tensors as the file {@code torch.save(state_dict)} writes (PyTorch's zip format): a pickle
 * (protocol 2) of an {@code OrderedDict} of {@code torch._utils._rebuild_tensor_v2} calls in {@code data.pkl}, each
 * tensor's little-endian bytes as {@code data/<i>}, and {@code version}. This is the file bioimage.io's
 * {@code pytorch_state_dict} weights format loads with {@code torch.load}; MambaJ writes it without Python. Entries
 * are stored uncompressed and their data aligned to 64 bytes, as PyTorch's own writer does.
 */
public final class PytorchStateDictWriter {

	private static final String ROOT = "archive/";
	private static final int ALIGNMENT = 64;
	/** fixed entry times: the same weights give the same bytes */
	private static final long TIME = 315532800000L; // 1980-01-01, the first time zip can store

	private PytorchStateDictWriter() {}

	/** Writes {@code tensors} (in map order) to {@code file}, through a temporary file: never half a file. */
	public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
		Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
		try (CountingStream counting = new CountingStream(Files.newOutputStream(tmp));
			ZipOutputStream zip = new ZipOutputStream(counting)) {
			zip.setMethod(ZipOutputStream.STORED);
			put(zip, counting, ROOT + "data.pkl", pickle(tensors));
			int i = 0;
			for (Tensor t : tensors.values()) put(zip, counting, ROOT + "data/" + i++, littleEndian(t.data()));
			put(zip, counting, ROOT + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
			put(zip, counting, ROOT + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
		} catch (IOException | RuntimeException e) {
			Files.deleteIfExists(tmp);
			throw e;
		}
		Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
	}

	private static void put(ZipOutputStream zip, CountingStream counting, String name, byte[] data) throws IOException {
		ZipEntry e = new ZipEntry(name);
		CRC32 crc = new CRC32();
		crc.update(data);
		e.setMethod(ZipEntry.STORED);
		e.setSize(data.length);
		e.setCompressedSize(data.length);
		e.setCrc(crc.getValue());
		e.setTime(TIME);
		// local header: 30 bytes + name + extra; pad the extra field so that the data starts on a 64-byte boundary
		long dataStart = counting.count + 30 + name.getBytes(StandardCharsets.UTF_8).length + 4;
		int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
		byte[] extra = new byte[4 + pad];
		extra[0] = 'F';
		extra[1] = 'B';
		extra[2] = (byte) pad;
		extra[3] = (byte) (pad >> 8);
		e.setExtra(extra);
		zip.putNextEntry(e);
		zip.write(data);
		zip.closeEntry();
	}

	private static byte[] littleEndian(float[] values) {
		ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(values);
		return b.array();
	}

	/** The pickle: OrderedDict([(key, _rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())), ...]). */
	private static byte[] pickle(Map<String, Tensor> tensors) {
		Pickle p = new Pickle();
		p.op(0x80).op(2); // PROTO 2
		p.global("collections", "OrderedDict").op(')').op('R');
		p.op('(');
		int i = 0;
		for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
			Tensor t = e.getValue();
			int[] shape = t.shape();
			p.string(e.getKey());
			p.global("torch._utils", "_rebuild_tensor_v2");
			p.op('(');
			p.op('(').string("storage").global("torch", "FloatStorage").string(Integer.toString(i++)).string("cpu")
				.integer(t.data().length).op('t').op('Q'); // persistent id tuple, BINPERSID
			p.integer(0); // storage offset
			p.op('(');
			for (int d : shape) p.integer(d);
			p.op('t');
			p.op('(');
			long stride = 1;
			long[] strides = new long[shape.length];
			for (int d = shape.length - 1; d >= 0; d--) {
				strides[d] = stride;
				stride *= shape[d];
			}
			for (long s : strides) p.integer((int) s);
			p.op('t');
			p.op(0x89); // NEWFALSE: requires_grad
			p.global("collections", "OrderedDict").op(')').op('R'); // backward hooks
			p.op('t').op('R');
		}
		p.op('u').op('.'); // SETITEMS, STOP
		return p.bytes.toByteArray();
	}

	/** The few pickle opcodes needed. */
	private static final class Pickle {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		Pickle op(int code) {
			bytes.write(code);
			return this;
		}

		Pickle global(String module, String name) {
			op('c');
			bytes.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
			return this;
		}

		Pickle string(String s) {
			byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
			op('X');
			le32(utf8.length);
			bytes.writeBytes(utf8);
			return this;
		}

		Pickle integer(int v) {
			if (v < 0) throw new IllegalArgumentException("negative size " + v);
			op('J'); // BININT, signed 32 bit
			le32(v);
			return this;
		}

		private void le32(int v) {
			for (int k = 0; k < 4; k++) bytes.write(v >>> (8 * k));
		}
	}

	/** Counts the bytes written so far: the next zip entry's offset. */
	private static final class CountingStream extends FilterOutputStream {
		long count;

		CountingStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			out.write(b);
			count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			out.write(b, off, len);
			count += len;
		}
	}
}

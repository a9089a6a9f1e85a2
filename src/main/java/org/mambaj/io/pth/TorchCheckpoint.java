package org.mambaj.io.pth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.mambaj.core.Tensor;
import org.mambaj.io.HalfFloats;
import org.mambaj.io.WeightsFormatException;

/**
 * Reads a checkpoint written by {@code torch.save} (PyTorch >= 1.6 zip format: {@code <archive>/data.pkl} plus one
 * record {@code <archive>/data/<key>} per storage) without Python and without running any code: the pickle goes
 * through {@link RestrictedUnpickler}, then each tensor is copied out of its storage honouring its size, stride and
 * offset, widened to float32.
 * <p>
 * Memory is bounded by the file: a storage must fit its record, its record must fit the file, and every view must
 * lie inside its storage, all checked before anything is allocated. Each storage is decoded once, however many
 * tensors share it.
 */
public final class TorchCheckpoint {

	/** Larger than any real data.pkl (a few MB for the largest models); guards the one full read. */
	private static final long MAX_PICKLE_BYTES = 256L << 20;

	private TorchCheckpoint() {}

	/**
	 * The checkpoint's object tree: nested {@link Map}s and {@link List}s of tensors, numbers, strings, booleans
	 * and nulls. Anything a state dict cannot contain raises a {@link WeightsFormatException} naming the file.
	 */
	public static Object read(Path file) throws IOException {
		String source = file.toString();
		refuseOtherFormats(file);
		try (ZipFile zip = new ZipFile(file.toFile())) {
			String root = archiveRoot(zip, source);
			ZipEntry pickleEntry = zip.getEntry(root + "data.pkl");
			Object tree = RestrictedUnpickler.load(readRecord(zip, pickleEntry, MAX_PICKLE_BYTES, file), source);
			checkByteOrder(zip, root, file);
			return materialize(tree, new Storages(zip, root, file), "");
		} catch (ZipException e) {
			throw new WeightsFormatException(source + ": not a readable PyTorch zip checkpoint (truncated or corrupt " +
				"archive: " + e.getMessage() + ")", e);
		}
	}

	private static void refuseOtherFormats(Path file) throws IOException {
		byte[] head = new byte[2];
		try (InputStream in = Files.newInputStream(file)) {
			if (in.readNBytes(head, 0, 2) < 2) throw new WeightsFormatException(file + ": empty or truncated file");
		}
		if ((head[0] & 0xFF) == 0x80) throw new WeightsFormatException(file + ": legacy (PyTorch < 1.6) torch.save " +
			"format, not supported: load and re-save it with a current PyTorch (torch.save(torch.load(path), path))");
		if (head[0] != 'P' || head[1] != 'K') throw new WeightsFormatException(file + ": not a PyTorch checkpoint " +
			"(a .pth/.pt file written by torch.save is a zip archive)");
	}

	/** The single top-level folder holding data.pkl ({@code archive/} or the saved file's stem). */
	private static String archiveRoot(ZipFile zip, String source) throws WeightsFormatException {
		String root = null;
		boolean torchScript = false;
		for (var entries = zip.entries(); entries.hasMoreElements(); ) {
			String name = entries.nextElement().getName();
			int slash = name.indexOf('/');
			if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
				if (root != null) throw new WeightsFormatException(source + ": more than one data.pkl in the archive");
				root = name.substring(0, slash + 1);
			}
			if (name.endsWith("/constants.pkl")) torchScript = true;
		}
		if (torchScript) throw new WeightsFormatException(source + ": a TorchScript archive (torch.jit.save), not a " +
			"state dict: save the weights with torch.save(model.state_dict(), path)");
		if (root == null) throw new WeightsFormatException(source + ": a zip archive without data.pkl, not a " +
			"torch.save checkpoint");
		return root;
	}

	private static void checkByteOrder(ZipFile zip, String root, Path file) throws IOException {
		ZipEntry entry = zip.getEntry(root + "byteorder");
		if (entry == null) return; // written since PyTorch 1.13; older files are little-endian
		String order = new String(readRecord(zip, entry, 16, file)).trim();
		if (!order.equals("little")) throw new WeightsFormatException(file + ": storages are " + order +
			"-endian; only little-endian checkpoints are supported");
	}

	static byte[] readRecord(ZipFile zip, ZipEntry entry, long limit, Path file) throws IOException {
		long size = entry.getSize();
		if (size < 0 || size > limit || size > Files.size(file)) throw new WeightsFormatException(file + ": record " +
			entry.getName() + " declares " + size + " bytes, more than " + Math.min(limit, Files.size(file)) +
			" allowed (corrupt or hostile file)");
		try (InputStream in = zip.getInputStream(entry)) {
			byte[] data = in.readNBytes((int) size);
			if (data.length != size) throw new WeightsFormatException(file + ": record " + entry.getName() +
				" is truncated: " + data.length + " of " + size + " bytes");
			return data;
		}
	}

	/** Replaces every {@link TensorView} in the tree by a dense tensor; {@code path} names where it sits. */
	private static Object materialize(Object node, Storages storages, String path) throws IOException {
		if (node instanceof TensorView view) return storages.tensor(view, path);
		if (node instanceof Map<?, ?> map) {
			Map<Object, Object> out = new LinkedHashMap<>();
			for (Map.Entry<?, ?> e : map.entrySet())
				out.put(e.getKey(), materialize(e.getValue(), storages, path.isEmpty() ? String.valueOf(e.getKey()) :
					path + "." + e.getKey()));
			return out;
		}
		if (node instanceof List<?> list) {
			List<Object> out = new ArrayList<>();
			for (int i = 0; i < list.size(); i++) out.add(materialize(list.get(i), storages, path + "[" + i + "]"));
			return out;
		}
		if (node instanceof NumpyDtype d) return d.toString(); // a bare dtype as a value: its name
		if (node instanceof StorageRef s) throw new WeightsFormatException(storages.file + ": a bare storage at '" +
			path + "' (only tensors are read)");
		return node;
	}

	/** The storages of one archive, each decoded to float32 once on first use. */
	private static final class Storages {
		final ZipFile zip;
		final String root;
		final Path file;
		final Map<String, float[]> decoded = new HashMap<>();

		Storages(ZipFile zip, String root, Path file) {
			this.zip = zip;
			this.root = root;
			this.file = file;
		}

		Tensor tensor(TensorView view, String path) throws IOException {
			long[] size = view.size(), stride = view.stride();
			if (stride.length != size.length) throw bad(path, "has " + size.length + " sizes but " + stride.length + " strides");
			int[] shape = new int[size.length];
			long numel = 1, lastIndex = view.offset();
			for (int d = 0; d < size.length; d++) {
				if (size[d] < 0 || size[d] > Integer.MAX_VALUE || stride[d] < 0)
					throw bad(path, "has size " + size[d] + " / stride " + stride[d] + " in dimension " + d);
				shape[d] = (int) size[d];
				numel = Math.multiplyExact(numel, size[d]);
				if (size[d] > 0) lastIndex = Math.addExact(lastIndex, Math.multiplyExact(size[d] - 1, stride[d]));
			}
			if (numel > Integer.MAX_VALUE - 8) throw bad(path, "has " + numel + " elements, too many for one array");
			if (view.offset() < 0 || (numel > 0 && lastIndex >= view.storage().numel()))
				throw bad(path, "reaches element " + lastIndex + " of storage " + view.storage().key() + ", which has " +
					view.storage().numel());
			float[] storage = numel == 0 ? new float[0] : storage(view.storage());
			float[] out = new float[(int) numel];
			copyStrided(storage, (int) view.offset(), shape, stride, out);
			return new Tensor(out, shape);
		}

		private float[] storage(StorageRef ref) throws IOException {
			float[] cached = decoded.get(ref.key());
			if (cached != null) {
				if (cached.length != ref.numel()) throw new WeightsFormatException(file + ": storage " + ref.key() +
					" is used with two different sizes");
				return cached;
			}
			ZipEntry entry = zip.getEntry(root + "data/" + ref.key());
			if (entry == null) throw new WeightsFormatException(file + ": storage record data/" + ref.key() + " is missing");
			long bytes = Math.multiplyExact(ref.numel(), (long) ref.type().bytes);
			if (ref.numel() > Integer.MAX_VALUE - 8 || entry.getSize() < bytes) throw new WeightsFormatException(file +
				": storage " + ref.key() + " claims " + ref.numel() + " " + ref.type().className + " elements (" + bytes +
				" bytes) but its record holds " + entry.getSize() + " bytes");
			byte[] raw = readRecord(zip, entry, bytes, file);
			float[] values = decode(ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN), ref.type(), (int) ref.numel());
			decoded.put(ref.key(), values);
			return values;
		}

		private WeightsFormatException bad(String path, String what) {
			return new WeightsFormatException(file + ": tensor '" + path + "' " + what);
		}
	}

	private static float[] decode(ByteBuffer b, StorageType type, int n) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++) {
			v[i] = switch (type) {
				case FLOAT -> b.getFloat();
				case DOUBLE -> (float) b.getDouble();
				case HALF -> HalfFloats.f16ToFloat(b.getShort());
				case BFLOAT16 -> HalfFloats.bf16ToFloat(b.getShort());
				case LONG -> (float) b.getLong();
				case INT -> (float) b.getInt();
				case SHORT -> (float) b.getShort();
				case CHAR -> (float) b.get();
				case BYTE -> (float) (b.get() & 0xFF);
				case BOOL -> b.get() != 0 ? 1f : 0f;
			};
		}
		return v;
	}

	/** Gathers a strided view into a dense row-major array. */
	private static void copyStrided(float[] src, int offset, int[] shape, long[] stride, float[] out) {
		int rank = shape.length;
		if (out.length == 0) return;
		int[] index = new int[rank];
		long at = offset;
		for (int i = 0; i < out.length; i++) {
			out[i] = src[(int) at];
			for (int d = rank - 1; d >= 0; d--) {
				if (++index[d] < shape[d]) { at += stride[d]; break; }
				at -= (long) (shape[d] - 1) * stride[d];
				index[d] = 0;
			}
		}
	}
}

package org.mambaj.io.pth;

/**
 * The element types of PyTorch's typed storages ({@code torch.FloatStorage} and so on), as named in a pickle.
 * Every type is widened to float32 when read; integer storages appear in state dicts only as counters
 * (BatchNorm's {@code num_batches_tracked}) and indices.
 */
enum StorageType {
	FLOAT("FloatStorage", 4), HALF("HalfStorage", 2), BFLOAT16("BFloat16Storage", 2), DOUBLE("DoubleStorage", 8),
	LONG("LongStorage", 8), INT("IntStorage", 4), SHORT("ShortStorage", 2), CHAR("CharStorage", 1),
	BYTE("ByteStorage", 1), BOOL("BoolStorage", 1);

	final String className;
	final int bytes;

	StorageType(String className, int bytes) {
		this.className = className;
		this.bytes = bytes;
	}

	static StorageType forClassName(String name) {
		for (StorageType t : values()) if (t.className.equals(name)) return t;
		return null;
	}
}

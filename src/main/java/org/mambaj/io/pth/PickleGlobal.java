package org.mambaj.io.pth;

import java.util.Map;

/**
 * The only Python globals a checkpoint pickle may name. Anything else (for instance {@code posix.system} or
 * {@code builtins.eval}) is refused by {@link RestrictedUnpickler} before it could ever be called; nothing named
 * here runs code either: each is interpreted by Java. Besides the state dict, nnU-Net's checkpoints hold run
 * information that needs a few more: {@code torch.device} (read as its string, e.g. {@code "cuda:0"}), NumPy
 * scalars ({@code numpy.core.multiarray.scalar} of a {@code numpy.dtype}, read as a number) and
 * {@code _codecs.encode}, which protocol 2 uses to write Python 3 {@code bytes} (read as the bytes).
 */
enum PickleGlobal {
	ORDERED_DICT("collections.OrderedDict"),
	REBUILD_TENSOR_V2("torch._utils._rebuild_tensor_v2"),
	REBUILD_PARAMETER("torch._utils._rebuild_parameter"),
	TORCH_DEVICE("torch.device"),
	NUMPY_DTYPE("numpy.dtype"),
	NUMPY_SCALAR("numpy.core.multiarray.scalar"),
	CODECS_ENCODE("_codecs.encode"),
	STORAGE("torch.*Storage");

	private static final Map<String, PickleGlobal> CALLABLES = Map.of(
		"collections.OrderedDict", ORDERED_DICT,
		"torch._utils._rebuild_tensor_v2", REBUILD_TENSOR_V2,
		"torch._utils._rebuild_parameter", REBUILD_PARAMETER,
		"torch.device", TORCH_DEVICE,
		"numpy.dtype", NUMPY_DTYPE,
		"numpy.core.multiarray.scalar", NUMPY_SCALAR,
		"numpy._core.multiarray.scalar", NUMPY_SCALAR, // NumPy 2 moved the module
		"_codecs.encode", CODECS_ENCODE);

	/** What a refusal lists as allowed. */
	static final String ALLOWED = "collections.OrderedDict, torch._utils._rebuild_tensor_v2, " +
		"torch._utils._rebuild_parameter, torch.*Storage, torch.device, numpy.dtype, numpy.core.multiarray.scalar " +
		"and _codecs.encode";

	final String pythonName;

	PickleGlobal(String pythonName) {
		this.pythonName = pythonName;
	}

	/** The allowed global {@code module.name}, or null. Storage classes come back as a {@link StorageType}. */
	static Object resolve(String module, String name) {
		if (module.equals("torch")) {
			StorageType storage = StorageType.forClassName(name);
			if (storage != null) return storage;
		}
		return CALLABLES.get(module + "." + name);
	}
}

package org.mambaj.io.pth;

import java.util.Map;

/**
 * The only Python globals a state-dict pickle may name. Anything else (for instance {@code posix.system} or
 * {@code builtins.eval}) is refused by {@link RestrictedUnpickler} before it could ever be called; nothing named
 * here runs code either: each is interpreted by Java.
 */
enum PickleGlobal {
	ORDERED_DICT("collections.OrderedDict"),
	REBUILD_TENSOR_V2("torch._utils._rebuild_tensor_v2"),
	REBUILD_PARAMETER("torch._utils._rebuild_parameter"),
	STORAGE("torch.*Storage");

	private static final Map<String, PickleGlobal> CALLABLES = Map.of(
		"collections.OrderedDict", ORDERED_DICT,
		"torch._utils._rebuild_tensor_v2", REBUILD_TENSOR_V2,
		"torch._utils._rebuild_parameter", REBUILD_PARAMETER);

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

package org.mambaj.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.mambaj.core.Tensor;

/**
 * The named weights of a model, as PyTorch's {@code state_dict} names them, with bookkeeping so that a model
 * builder can take each weight by name and shape and finally check that nothing in the file was left unused.
 * Every problem raises a {@link ModelLoadException} naming the weights file and the key.
 * <p>
 * A view made by {@link #prefixed(String)} shares the weights and the record of used keys with its parent, so a
 * sub-module can be built from {@code sd.prefixed("layers.0.")} while {@link #assertAllUsed()} on the root still
 * sees everything. BatchNorm's {@code num_batches_tracked} counters are never required to be used.
 */
public final class StateDict {

	private static final String IGNORED_SUFFIX = "num_batches_tracked";
	private static final int MAX_SUGGESTIONS = 5;

	private final Map<String, LazyTensor> tensors;
	private final String source;
	private final String prefix;
	private final Set<String> used;
	/** Full keys taken by {@link #takeCopy}: the model does without them. */
	private final Set<String> copies;

	/** Wraps {@code tensors}; {@code source} (usually the file path) names them in error messages. */
	public StateDict(Map<String, Tensor> tensors, String source) {
		this(wrap(tensors), source, "", ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());
	}

	private static Map<String, LazyTensor> wrap(Map<String, Tensor> tensors) {
		Map<String, LazyTensor> wrapped = new LinkedHashMap<>();
		tensors.forEach((k, t) -> wrapped.put(k, LazyTensor.of(t)));
		return Collections.unmodifiableMap(wrapped);
	}

	private StateDict(Map<String, LazyTensor> tensors, String source, String prefix, Set<String> used,
		Set<String> copies) {
		this.tensors = tensors;
		this.source = source;
		this.prefix = prefix;
		this.used = used;
		this.copies = copies;
	}

	/**
	 * Opens a safetensors file: its header is read and validated now (format problems raise
	 * {@link WeightsFormatException}), each tensor's values only when a model takes it, after its shape was
	 * checked; a tensor the model does not use is never read.
	 */
	public static StateDict load(Path safetensorsFile) throws IOException {
		return load(safetensorsFile, safetensorsFile.toString());
	}

	/** As {@link #load(Path)}, naming the file {@code label} in messages (e.g. "model.zip!weights.safetensors"). */
	public static StateDict load(Path safetensorsFile, String label) throws IOException {
		return new StateDict(Collections.unmodifiableMap(SafeTensors.index(safetensorsFile)), label, "",
			ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());
	}

	/**
	 * The tensor {@code prefix + key}, checked to have {@code expectedShape} (a -1 entry matches any size; no
	 * shape at all skips the check) and to contain only finite values. Marks the key as used.
	 */
	public Tensor take(String key, int... expectedShape) {
		String fullKey = prefix + key;
		LazyTensor lazy = tensors.get(fullKey);
		if (lazy == null) throw new ModelLoadException(source + ": missing weight \"" + fullKey + "\"" +
			suggestions(fullKey));
		checkShape(fullKey, lazy.shape(), expectedShape);
		Tensor tensor;
		try {
			tensor = lazy.get();
		}
		catch (IOException e) {
			throw new ModelLoadException(source + ": weight \"" + fullKey + "\" could not be read: " + e.getMessage(), e);
		}
		if (!fullKey.endsWith(IGNORED_SUFFIX)) checkFinite(fullKey, tensor);
		used.add(fullKey);
		return tensor;
	}

	/**
	 * {@link #take} of a key that repeats another one (a layer the published module registers twice): the model
	 * also loads without it, so {@link #copies} lists it for a package writer to leave out.
	 */
	public Tensor takeCopy(String key, int... expectedShape) {
		Tensor tensor = take(key, expectedShape);
		copies.add(prefix + key);
		return tensor;
	}

	/** The full keys taken by {@link #takeCopy} so far, in every view of this state dict. */
	public Set<String> copies() {
		return Collections.unmodifiableSet(copies);
	}

	/** Like {@link #take} but returns null when the key is absent (e.g. a bias that is switched off). */
	public Tensor takeOptional(String key, int... expectedShape) {
		return has(key) ? take(key, expectedShape) : null;
	}

	public boolean has(String key) {
		return tensors.containsKey(prefix + key);
	}

	/** A view whose keys are {@code prefix} prepended verbatim (include the dot: {@code "blocks.0."}). */
	public StateDict prefixed(String prefix) {
		return new StateDict(tensors, source, this.prefix + prefix, used, copies);
	}

	/** The keys under this view's prefix, with the prefix removed, in file order. */
	public Set<String> keys() {
		Set<String> keys = new LinkedHashSet<>();
		for (String k : tensors.keySet()) if (k.startsWith(prefix)) keys.add(k.substring(prefix.length()));
		return Collections.unmodifiableSet(keys);
	}

	/** Throws if any key under this view's prefix was never taken (BatchNorm counters excepted). */
	public void assertAllUsed() {
		List<String> unused = unusedKeys();
		if (unused.isEmpty()) return;
		throw new ModelLoadException(source + ": " + unused.size() + " unexpected weight" +
			(unused.size() == 1 ? "" : "s") + " not used by the model" + (prefix.isEmpty() ? "" : " under \"" +
			prefix + "\"") + ": " + abbreviatedList(unused) + " (is this the right weights file for this " +
			"architecture and configuration?)");
	}

	/** Keys under this view's prefix not yet taken, full names, BatchNorm counters excluded. */
	public List<String> unusedKeys() {
		List<String> unused = new ArrayList<>();
		for (String k : tensors.keySet()) {
			if (k.startsWith(prefix) && !used.contains(k) && !k.endsWith(IGNORED_SUFFIX)) unused.add(k);
		}
		return unused;
	}

	public String source() {
		return source;
	}

	public String prefix() {
		return prefix;
	}

	public int size() {
		return keys().size();
	}

	private void checkShape(String fullKey, int[] actual, int[] expected) {
		if (expected.length == 0) return;
		boolean matches = actual.length == expected.length;
		for (int i = 0; matches && i < actual.length; i++) matches = expected[i] == -1 || expected[i] == actual[i];
		if (!matches) throw new ModelLoadException(source + ": weight \"" + fullKey + "\" has shape " +
			Arrays.toString(actual) + " but the model expects " + Arrays.toString(expected).replace("-1", "*"));
	}

	private void checkFinite(String fullKey, Tensor tensor) {
		float[] data = tensor.data();
		for (int i = 0; i < data.length; i++) {
			if (Float.isFinite(data[i])) continue;
			throw new ModelLoadException(source + ": weight \"" + fullKey + "\" of shape " + tensor.shapeString() +
				" contains " + data[i] + " at flat index " + i + " " + Arrays.toString(unravel(i, tensor.shape())) +
				" (corrupted or diverged weights)");
		}
	}

	private static int[] unravel(int flat, int[] shape) {
		int[] index = new int[shape.length];
		for (int d = shape.length - 1; d >= 0; d--) {
			index[d] = flat % shape[d];
			flat /= shape[d];
		}
		return index;
	}

	/** The few keys closest to {@code key} by edit distance, to spot a renamed or misnumbered layer. */
	private String suggestions(String key) {
		if (tensors.isEmpty()) return " (the weights are empty)";
		Map<String, Integer> distance = new HashMap<>();
		for (String k : tensors.keySet()) distance.put(k, editDistance(key, k));
		List<String> closest = new ArrayList<>(tensors.keySet());
		closest.sort(Comparator.comparing(distance::get));
		closest = closest.subList(0, Math.min(MAX_SUGGESTIONS, closest.size()));
		return "; " + tensors.size() + " keys present, the most similar: " + closest;
	}

	private static int editDistance(String a, String b) {
		int[] previous = new int[b.length() + 1], current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) previous[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous; previous = current; current = swap;
		}
		return previous[b.length()];
	}

	private static String abbreviatedList(List<String> keys) {
		int shown = Math.min(keys.size(), 20);
		String list = String.join(", ", keys.subList(0, shown));
		return keys.size() > shown ? list + ", ... (" + (keys.size() - shown) + " more)" : list;
	}
}

package org.mambaj.io.nnunet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What nnU-Net v2 does around the network when it predicts (nnunetv2/inference/predict_from_raw_data.py), read from
 * a trained-model folder and stored in a MambaJ package ({@code config.mambaj.nnunet} of rdf.yaml): per-channel
 * normalization, the plans' axis order, the patch the sliding window moves with its step, and how the network's
 * output channels become label values (softmax + argmax, or sigmoid regions painted in {@code regions_class_order}).
 *
 * @param patchSize the configuration's patch size, one entry per spatial axis (2 for a 2D configuration)
 * @param normalization one entry per input channel
 * @param transposeForward the plans' {@code transpose_forward} over (z, y, x) as nnU-Net orders axes
 * @param labelValues without regions: the label value of each output channel
 * @param regionClassOrder with regions: the label value painted where each region's sigmoid exceeds 0.5, else null
 * @param stepSize tile step as a fraction of the patch (nnU-Net's default 0.5)
 * @param mirrorAxes spatial axes of test-time mirroring (nnU-Net's default: the checkpoint's allowed axes); empty
 *          for none
 * @param cellInstances the outputs are background, interior and boundary of cells: the labels are one number per
 *          cell (MambaJ's instances_from_interior on the probabilities) instead of nnU-Net's class map
 */
public record NnUNetInference(int[] patchSize, List<ChannelNormalization> normalization, int[] transposeForward,
	int[] labelValues, int[] regionClassOrder, double stepSize, int[] mirrorAxes, boolean cellInstances) {

	/** The value of {@code instances} in the stored map for {@link #cellInstances}. */
	private static final String INTERIOR_BOUNDARY = "interior_boundary";

	public NnUNetInference {
		if (patchSize.length != 2) throw new IllegalArgumentException("nnU-Net patch size " + Arrays.toString(patchSize) +
			": only 2D configurations are supported so far");
		for (int p : patchSize) if (p < 1) throw new IllegalArgumentException("nnU-Net patch size " +
			Arrays.toString(patchSize) + " has a non-positive entry");
		if (normalization.isEmpty()) throw new IllegalArgumentException("nnU-Net normalization: no channels");
		if (!(stepSize > 0 && stepSize <= 1)) throw new IllegalArgumentException("nnU-Net step size must be in (0, 1], got " + stepSize);
		if ((labelValues == null) == (regionClassOrder == null)) throw new IllegalArgumentException(
			"nnU-Net outputs: give either label values or regions");
		for (int a : mirrorAxes) if (a < 0 || a >= patchSize.length) throw new IllegalArgumentException(
			"nnU-Net mirror axis " + a + " outside the " + patchSize.length + " spatial axes");
		if (cellInstances && (labelValues == null || labelValues.length != 3)) throw new IllegalArgumentException(
			"nnU-Net cell instances need the 3 outputs background, interior, boundary");
		spatialOrder(transposeForward);
		normalization = List.copyOf(normalization);
	}

	public int inputChannels() {
		return normalization.size();
	}

	public int outputChannels() {
		return regions() ? regionClassOrder.length : labelValues.length;
	}

	public boolean regions() {
		return regionClassOrder != null;
	}

	/**
	 * The order of the image's (y, x) axes the network works in: {0, 1} as is, {1, 0} transposed. nnU-Net's 2D
	 * configurations slice along its first (z) axis, so a 2D image (one slice) needs {@code transpose_forward} to
	 * keep z first.
	 */
	public int[] spatialOrder() {
		return spatialOrder(transposeForward);
	}

	private static int[] spatialOrder(int[] t) {
		if (t.length == 2 && isPermutation(t)) return t.clone();
		if (t.length == 3 && isPermutation(t) && t[0] == 0) return new int[] { t[1] - 1, t[2] - 1 };
		throw new IllegalArgumentException("transpose_forward " + Arrays.toString(t) + " moves the slice axis of a 2D " +
			"image; only [0, 1, 2] and [0, 2, 1] apply to 2D images");
	}

	private static boolean isPermutation(int[] t) {
		int[] sorted = t.clone();
		Arrays.sort(sorted);
		for (int i = 0; i < sorted.length; i++) if (sorted[i] != i) return false;
		return true;
	}

	/** The map stored as {@code config.mambaj.nnunet} in rdf.yaml. */
	public Map<String, Object> toMap() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("patch_size", list(patchSize));
		List<Object> norms = new ArrayList<>();
		for (ChannelNormalization n : normalization) norms.add(n.toMap());
		m.put("normalization", norms);
		m.put("transpose_forward", list(transposeForward));
		if (regions()) m.put("regions_class_order", list(regionClassOrder));
		else m.put("label_values", list(labelValues));
		m.put("step_size", stepSize);
		m.put("mirror_axes", list(mirrorAxes));
		if (cellInstances) m.put("instances", INTERIOR_BOUNDARY);
		return m;
	}

	/** Reads {@link #toMap()}'s map back; {@code where} names it in errors. */
	public static NnUNetInference fromMap(Map<?, ?> m, String where) {
		List<ChannelNormalization> norms = new ArrayList<>();
		if (!(m.get("normalization") instanceof List<?> list)) throw new IllegalArgumentException(where +
			".normalization: expected a list");
		for (int i = 0; i < list.size(); i++) {
			if (!(list.get(i) instanceof Map<?, ?> n)) throw new IllegalArgumentException(where + ".normalization[" + i + "]: expected a map");
			norms.add(ChannelNormalization.fromMap(n, where + ".normalization[" + i + "]"));
		}
		return new NnUNetInference(ints(m, "patch_size", where), norms, ints(m, "transpose_forward", where),
			m.containsKey("label_values") ? ints(m, "label_values", where) : null,
			m.containsKey("regions_class_order") ? ints(m, "regions_class_order", where) : null,
			ChannelNormalization.number(m, "step_size", where), ints(m, "mirror_axes", where), cellInstances(m, where));
	}

	/** This inference with test-time mirroring off. */
	public NnUNetInference withoutMirroring() {
		return new NnUNetInference(patchSize, normalization, transposeForward, labelValues, regionClassOrder, stepSize,
			new int[0], cellInstances);
	}

	private static boolean cellInstances(Map<?, ?> m, String where) {
		Object v = m.get("instances");
		if (v == null) return false;
		if (INTERIOR_BOUNDARY.equals(v)) return true;
		throw new IllegalArgumentException(where + ".instances: the only kind is '" + INTERIOR_BOUNDARY + "', got " + v);
	}

	static int[] ints(Map<?, ?> m, String key, String where) {
		if (!(m.get(key) instanceof List<?> l)) throw new IllegalArgumentException(where + "." + key +
			": expected a list of integers, got " + m.get(key));
		int[] out = new int[l.size()];
		for (int i = 0; i < out.length; i++) {
			if (!(l.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()))
				throw new IllegalArgumentException(where + "." + key + "[" + i + "]: expected an integer, got " + l.get(i));
			out[i] = n.intValue();
		}
		return out;
	}

	private static List<Integer> list(int[] a) {
		return Arrays.stream(a).boxed().toList();
	}
}

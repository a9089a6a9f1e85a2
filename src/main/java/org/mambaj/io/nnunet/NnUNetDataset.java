package org.mambaj.io.nnunet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What inference needs from dataset.json: the number of input channels ({@code channel_names}, older files
 * {@code modality}) and the labels. As nnU-Net's LabelManager: labels whose value is a list of more than one value
 * make the dataset region-based (one sigmoid output per region, painted in {@code regions_class_order}); otherwise
 * one softmax output per label value, in increasing order. The {@code ignore} label is never an output.
 * {@code cellClasses}: the labels are exactly background 0, interior 1, boundary 2 (the convention of cell
 * instance datasets such as the NeurIPS 2022 cell segmentation challenge that U-Mamba trains on), so the label map
 * can be turned into one label per cell.
 */
public record NnUNetDataset(int inputChannels, int[] labelValues, int[] regionClassOrder, boolean cellClasses) {

	private static final Map<String, Integer> CELL_CLASSES = Map.of("background", 0, "interior", 1, "boundary", 2);

	public boolean regions() {
		return regionClassOrder != null;
	}

	static NnUNetDataset of(Map<String, Object> json, Path file) {
		Object names = json.containsKey("channel_names") ? json.get("channel_names") : json.get("modality");
		if (!(names instanceof Map<?, ?> channels) || channels.isEmpty()) throw new IllegalArgumentException(file +
			": no 'channel_names'");
		if (!(json.get("labels") instanceof Map<?, ?> labels) || !labels.containsKey("background"))
			throw new IllegalArgumentException(file + ": 'labels' must be a map with 'background': 0");
		if (!(labels.get("background") instanceof Number bg) || bg.intValue() != 0)
			throw new IllegalArgumentException(file + ": labels.background must be 0, got " + labels.get("background"));
		boolean regions = labels.values().stream().anyMatch(v -> v instanceof List<?> l && l.size() > 1);
		if (!regions) {
			TreeSet<Integer> values = new TreeSet<>();
			for (Map.Entry<?, ?> e : labels.entrySet()) {
				if ("ignore".equals(e.getKey())) continue;
				for (Object v : e.getValue() instanceof List<?> l ? l : List.of(e.getValue())) values.add(label(v, e.getKey(), file));
			}
			return new NnUNetDataset(channels.size(), values.stream().mapToInt(Integer::intValue).toArray(), null,
				isCellClasses(labels));
		}
		List<Object> regionList = new ArrayList<>();
		for (Map.Entry<?, ?> e : labels.entrySet()) {
			if ("ignore".equals(e.getKey())) continue;
			List<?> values = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
			if (values.stream().allMatch(v -> v instanceof Number n && n.intValue() == 0)) continue; // background
			regionList.add(e.getKey());
		}
		int[] order = json.get("regions_class_order") instanceof List<?> ?
			NnUNetInference.ints(json, "regions_class_order", file.toString()) : null;
		if (order == null || order.length != regionList.size()) throw new IllegalArgumentException(file + ": " +
			regionList.size() + " regions " + regionList + " need a regions_class_order with as many entries, got " +
			json.get("regions_class_order"));
		return new NnUNetDataset(channels.size(), null, order, false);
	}

	private static boolean isCellClasses(Map<?, ?> labels) {
		Map<String, Object> named = new HashMap<>();
		for (Map.Entry<?, ?> e : labels.entrySet())
			if (!"ignore".equals(e.getKey())) named.put(String.valueOf(e.getKey()).toLowerCase(Locale.ROOT), e.getValue());
		if (!named.keySet().equals(CELL_CLASSES.keySet())) return false;
		return CELL_CLASSES.entrySet().stream().allMatch(c -> named.get(c.getKey()) instanceof Number n &&
			n.doubleValue() == c.getValue());
	}

	private static int label(Object v, Object name, Path file) {
		if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.intValue() >= 0) return n.intValue();
		throw new IllegalArgumentException(file + ": label '" + name + "' has value " + v + ", not a label number");
	}
}

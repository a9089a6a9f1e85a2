package org.mambaj.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mambaj.io.nnunet.NnUNetInference;

/**
 * {@code config.mambaj} of an rdf.yaml, typed and range-checked when the package is opened, so that a size of
 * 0, a negative or gigantic size, or an overflowing size multiple is refused with the field's name instead of
 * failing (or exhausting memory) in the middle of a run.
 *
 * @param task classification, segmentation or denoising; null when not given
 * @param channelMode grey, green or rgb; null for the model's own channel count
 * @param sizeMultiple what height and width must be multiples of; 0 for the architecture's own
 * @param inputSize a classifier's fixed {height, width}, or null for any size
 * @param classNames class names, possibly empty
 * @param metrics validation metrics from training (name to value)
 * @param tileSize default tile edge in pixels, 0 for MambaJ's default
 * @param tileOverlap default tile overlap in pixels, -1 for MambaJ's default
 * @param nnunet nnU-Net's prediction around the network ({@code config.mambaj.nnunet}, a package installed from an
 *          nnU-Net results folder), else null
 */
public record MambajSettings(String task, ChannelMode channelMode, int sizeMultiple, int[] inputSize, List<String> classNames,
	Map<String, Object> metrics, int tileSize, int tileOverlap, NnUNetInference nnunet) {

	/** Larger fixed sizes, tiles or multiples mean a broken or hostile rdf.yaml, not a model. */
	public static final int MAX_SIZE = 8192;
	static final Set<String> TASKS = Set.of("classification", "segmentation", "denoising");

	static MambajSettings from(Map<String, Object> mambaj, YamlValues yaml) throws ModelPackageException {
		String task = yaml.optionalString(mambaj, "task", "config.mambaj.task");
		if (task != null && !TASKS.contains(task)) throw yaml.error("config.mambaj.task", "expected one of " +
			"classification, segmentation, denoising; found \"" + task + "\"");
		String channelKey = yaml.optionalString(mambaj, "channels", "config.mambaj.channels");
		ChannelMode channels = channelKey == null ? null : ChannelMode.ofKey(channelKey);
		if (channelKey != null && channels == null) throw yaml.error("config.mambaj.channels", "expected " +
			"grey, green or rgb; found \"" + channelKey + "\"");
		Object multiple = mambaj.get("size_multiple");
		int sizeMultiple = multiple == null ? 0 : yaml.integer(multiple, "config.mambaj.size_multiple", 1, MAX_SIZE);
		int[] inputSize = null;
		if (mambaj.get("input_size") != null) {
			List<Integer> size = yaml.intList(mambaj.get("input_size"), "config.mambaj.input_size", 1, MAX_SIZE);
			if (size.size() != 2) throw yaml.error("config.mambaj.input_size", "expected [height, width], found " + size);
			inputSize = new int[] { size.get(0), size.get(1) };
		}
		List<String> classNames = new ArrayList<>();
		for (Object name : yaml.optionalList(mambaj, "class_names", "config.mambaj.class_names")) {
			if (name instanceof Map || name instanceof List || name == null) throw yaml.error("config.mambaj.class_names",
				"expected a list of names, found " + YamlValues.describe(name));
			classNames.add(name.toString());
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> metrics = mambaj.get("metrics") == null ? Map.of() :
			(Map<String, Object>) yaml.map(mambaj.get("metrics"), "config.mambaj.metrics");
		int tileSize = 0, tileOverlap = -1;
		if (mambaj.get("tile") != null) {
			Map<?, ?> tile = yaml.map(mambaj.get("tile"), "config.mambaj.tile");
			Object size = tile.get("size");
			if (size instanceof List<?>) {
				List<Integer> sizes = yaml.intList(size, "config.mambaj.tile.size", 1, MAX_SIZE);
				if (sizes.isEmpty()) throw yaml.error("config.mambaj.tile.size", "expected a size or [height, width]");
				tileSize = sizes.get(0);
			}
			else if (size != null) tileSize = yaml.integer(size, "config.mambaj.tile.size", 1, MAX_SIZE);
			if (tile.get("overlap") != null) tileOverlap = yaml.integer(tile.get("overlap"), "config.mambaj.tile.overlap", 0, MAX_SIZE);
		}
		return new MambajSettings(task, channels, sizeMultiple, inputSize, Collections.unmodifiableList(classNames), metrics,
			tileSize, tileOverlap, nnunet(mambaj.get("nnunet"), yaml));
	}

	private static final String NNUNET = "config.mambaj.nnunet";

	/** The stored nnU-Net inference, or null; its errors name the field below config.mambaj.nnunet when they can. */
	private static NnUNetInference nnunet(Object value, YamlValues yaml) throws ModelPackageException {
		if (value == null) return null;
		Map<?, ?> map = yaml.map(value, NNUNET);
		try {
			return NnUNetInference.fromMap(map, NNUNET);
		}
		catch (IllegalArgumentException e) {
			String m = e.getMessage();
			int colon = m.indexOf(": ");
			// fromMap's messages start with the field ("config.mambaj.nnunet.patch_size: ..."), the record's checks do not
			throw m.startsWith(NNUNET) && colon > 0 ? yaml.error(m.substring(0, colon), m.substring(colon + 2)) :
				yaml.error(NNUNET, m);
		}
	}

	@Override
	public int[] inputSize() {
		return inputSize == null ? null : inputSize.clone();
	}
}

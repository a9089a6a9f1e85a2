package org.mambaj.run;

import java.util.Arrays;
import java.util.Locale;

/**
 * What segmentation returns: the model's probability map, a binary mask, numbered objects, or (AUTO) what the
 * model's package decides: labels for instance models, a mask for models that binarize, else probabilities.
 */
public enum SegmentOutput {
	AUTO, PROBABILITIES, MASK, LABELS;

	/** The name used in commands and macros. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static SegmentOutput of(String key) {
		for (SegmentOutput o : values()) if (o.key().equalsIgnoreCase(key == null ? "" : key.trim())) return o;
		throw new IllegalArgumentException("output must be one of " +
			Arrays.stream(values()).map(SegmentOutput::key).toList() + ", got '" + key + "'");
	}
}

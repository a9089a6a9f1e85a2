package org.mambaj.run;

import java.util.Arrays;
import java.util.Locale;

/** What segmentation returns: the model's probability map, a binary mask, or numbered objects. */
public enum SegmentOutput {
	PROBABILITIES, MASK, LABELS;

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

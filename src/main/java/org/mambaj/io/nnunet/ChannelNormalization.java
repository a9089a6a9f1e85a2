package org.mambaj.io.nnunet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How nnU-Net normalizes one input channel: the scheme named in the plans' {@code normalization_schemes}, whether
 * statistics are taken inside the non-zero mask only ({@code use_mask_for_norm}), and for CTNormalization the
 * dataset's foreground intensity properties ({@code mean}, {@code std}, {@code percentile_00_5},
 * {@code percentile_99_5}).
 */
public record ChannelNormalization(NormalizationScheme scheme, boolean useMask, double mean, double std, double lower,
	double upper) {

	public ChannelNormalization {
		if (scheme == null) throw new IllegalArgumentException("no normalization scheme");
		if (scheme == NormalizationScheme.CT && !(Double.isFinite(mean) && Double.isFinite(std) && Double.isFinite(lower)
			&& Double.isFinite(upper) && lower <= upper)) throw new IllegalArgumentException("CTNormalization needs " +
			"finite intensity properties with percentile_00_5 <= percentile_99_5, got mean " + mean + ", std " + std +
			", percentiles " + lower + " / " + upper);
	}

	Map<String, Object> toMap() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("scheme", scheme.className());
		m.put("use_mask", useMask);
		if (scheme == NormalizationScheme.CT) {
			m.put("mean", mean);
			m.put("std", std);
			m.put("percentile_00_5", lower);
			m.put("percentile_99_5", upper);
		}
		return m;
	}

	static ChannelNormalization fromMap(Map<?, ?> m, String where) {
		Object scheme = m.get("scheme");
		if (!(scheme instanceof String name)) throw new IllegalArgumentException(where + ".scheme: missing");
		NormalizationScheme s;
		try {
			s = NormalizationScheme.of(name);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(where + ".scheme: " + e.getMessage(), e);
		}
		boolean ct = s == NormalizationScheme.CT;
		return new ChannelNormalization(s, Boolean.TRUE.equals(m.get("use_mask")),
			ct ? number(m, "mean", where) : 0, ct ? number(m, "std", where) : 1,
			ct ? number(m, "percentile_00_5", where) : 0, ct ? number(m, "percentile_99_5", where) : 0);
	}

	static double number(Map<?, ?> m, String key, String where) {
		if (m.get(key) instanceof Number n) return n.doubleValue();
		throw new IllegalArgumentException(where + "." + key + ": expected a number, got " + m.get(key));
	}
}

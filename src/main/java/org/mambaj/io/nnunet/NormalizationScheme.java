package org.mambaj.io.nnunet;

import java.util.Arrays;
import java.util.List;

/**
 * nnU-Net's per-channel normalization schemes, named in the plans' {@code normalization_schemes} by the class names of
 * nnunetv2/preprocessing/normalization/default_normalization_schemes.py.
 */
public enum NormalizationScheme {
	Z_SCORE("ZScoreNormalization"),
	/** Clipped to the dataset's foreground percentiles, then standardized by its foreground mean and deviation. */
	CT("CTNormalization"),
	NONE("NoNormalization"),
	RESCALE_TO_01("RescaleTo01Normalization"),
	RGB_TO_01("RGBTo01Normalization");

	private final String className;

	NormalizationScheme(String className) {
		this.className = className;
	}

	/** The nnunetv2 class name, as the plans and MambaJ's rdf.yaml write it. */
	public String className() {
		return className;
	}

	/** The scheme of an nnunetv2 class name; refuses one MambaJ does not implement, naming the known ones. */
	public static NormalizationScheme of(String className) {
		for (NormalizationScheme s : values()) if (s.className.equals(className)) return s;
		throw new IllegalArgumentException("normalization scheme '" + className + "' is not supported (supported: " +
			classNames() + ")");
	}

	static List<String> classNames() {
		return Arrays.stream(values()).map(NormalizationScheme::className).toList();
	}
}

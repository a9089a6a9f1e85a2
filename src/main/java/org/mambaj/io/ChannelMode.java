package org.mambaj.io;

/** How a model wants an image's channels ({@code config.mambaj.channels}). */
public enum ChannelMode {
	/** One channel; RGB becomes luminance 0.299 R + 0.587 G + 0.114 B. */
	GREY("grey"),
	/** One channel: the green one of RGB, or the only channel. */
	GREEN("green"),
	/** Three channels; a grey image is repeated. */
	RGB("rgb");

	private final String key;

	ChannelMode(String key) {
		this.key = key;
	}

	/** The rdf.yaml spelling. */
	public String key() {
		return key;
	}

	/** The mode of an rdf.yaml spelling, or null when there is none such. */
	public static ChannelMode ofKey(String key) {
		for (ChannelMode m : values()) if (m.key.equals(key)) return m;
		return null;
	}
}

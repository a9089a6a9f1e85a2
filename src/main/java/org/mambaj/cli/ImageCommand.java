package org.mambaj.cli;

import java.util.Locale;

/** The command-line commands that run a model on images, parsed once from the command's name. */
enum ImageCommand {
	CLASSIFY, SEGMENT, DENOISE;

	/** The command named {@code name} ("classify", "segment", "denoise"), or null for any other command. */
	static ImageCommand named(String name) {
		for (ImageCommand c : values()) if (c.commandName().equals(name)) return c;
		return null;
	}

	String commandName() {
		return name().toLowerCase(Locale.ROOT);
	}
}

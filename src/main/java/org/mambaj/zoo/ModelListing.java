package org.mambaj.zoo;

import java.io.IOException;


/** The text listing of installed models shown by the Models command and the command line. */
public final class ModelListing {

	private ModelListing() {}

	public static String text(ModelRegistry registry) throws IOException {
		StringBuilder s = new StringBuilder();
		for (ModelInfo m : registry.list()) s.append(m.summary()).append('\n');
		if (s.length() == 0) s.append("no models installed (user models folder: ").append(registry.userFolder()).append(")\n");
		for (String problem : registry.problems()) s.append("unreadable: ").append(problem).append('\n');
		return s.toString();
	}
}

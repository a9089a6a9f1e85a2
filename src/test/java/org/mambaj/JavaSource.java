package org.mambaj;

import java.util.regex.Pattern;

/** Java source text for the tests that read the sources (layering, Vector API use). */
public final class JavaSource {

	private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

	private JavaSource() {}

	/** The source with its comments replaced by a space, so that a name in a comment is not taken for code. */
	public static String withoutComments(String source) {
		return COMMENTS.matcher(source).replaceAll(" ");
	}
}

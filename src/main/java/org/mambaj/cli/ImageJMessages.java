package org.mambaj.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Headless, ImageJ 1.x prints its errors ("File saving error", "File is not in a supported format") on standard
 * output, which must keep one line per image. This runs an ImageJ call with standard output captured, so that its
 * messages can go into the exception instead.
 */
final class ImageJMessages {

	/** What the call returned and what ImageJ printed meanwhile (one line, blanks collapsed). */
	record Result<T>(T value, String messages) {}

	private ImageJMessages() {}

	static <T> Result<T> capture(Supplier<T> call) {
		ByteArrayOutputStream messages = new ByteArrayOutputStream();
		T value;
		// System.out is global: one capture at a time
		synchronized (ImageJMessages.class) {
			PrintStream stdout = System.out;
			System.setOut(new PrintStream(messages, true, StandardCharsets.UTF_8));
			try {
				value = call.get();
			}
			finally {
				System.setOut(stdout);
			}
		}
		return new Result<>(value, messages.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s+", " "));
	}
}

package org.mambaj.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-256 of a file as lowercase hex, streamed so large weights need no extra memory. */
public final class Sha256 {

	private Sha256() {}

	public static String of(Path file) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java platform must provide SHA-256", e);
		}
		byte[] buffer = new byte[1 << 16];
		try (InputStream in = Files.newInputStream(file)) {
			for (int n; (n = in.read(buffer)) > 0;) digest.update(buffer, 0, n);
		}
		StringBuilder hex = new StringBuilder();
		for (byte b : digest.digest()) hex.append(String.format("%02x", b));
		return hex.toString();
	}
}

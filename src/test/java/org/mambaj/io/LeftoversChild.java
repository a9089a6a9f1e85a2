package org.mambaj.io;

import java.nio.file.Files;
import java.nio.file.Path;

/** Run by {@link LeftoversTest} as a child JVM: writes a tracked temporary, says so, and waits to be stopped. */
public final class LeftoversChild {

	public static void main(String[] args) throws Exception {
		Path temp = Leftovers.beside(Path.of(args[0]).resolve("result.tif"), ".tif");
		Files.write(temp, new byte[1 << 20]);
		System.out.println("ready");
		System.out.flush();
		Thread.sleep(120_000);
	}
}

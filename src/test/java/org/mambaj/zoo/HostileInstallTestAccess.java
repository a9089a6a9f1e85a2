package org.mambaj.zoo;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests in other packages zip a package folder the way {@link HostileInstallTest} does. */
public final class HostileInstallTestAccess {

	private HostileInstallTestAccess() {}

	public static Path zip(Path folder, Path zip) throws IOException {
		return HostileInstallTest.zip(folder, zip);
	}
}

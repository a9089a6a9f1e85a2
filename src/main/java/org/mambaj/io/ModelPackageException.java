package org.mambaj.io;

import java.io.IOException;

/**
 * A model package (folder or zip with {@code rdf.yaml}) is incomplete or invalid. The message names the package and
 * the missing or invalid field or file.
 */
public class ModelPackageException extends IOException {

	private static final long serialVersionUID = 1L;

	public ModelPackageException(String message) {
		super(message);
	}

	public ModelPackageException(String message, Throwable cause) {
		super(message, cause);
	}
}

package org.mambaj.io;

/**
 * The weights of a model do not fit the model being built: a missing or unexpected key, a wrong shape, a non-finite
 * value. Unchecked because it signals a mismatch between a weights file and the code, which callers cannot repair
 * locally; the message names the weights file and the key so the user can.
 */
public class ModelLoadException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ModelLoadException(String message) {
		super(message);
	}

	public ModelLoadException(String message, Throwable cause) {
		super(message, cause);
	}
}

package org.mambaj.io;

import java.io.IOException;

/**
 * A weights or array file (safetensors, npy) is malformed or uses something this reader does not support.
 * The message always names the file and, where it applies, the tensor key and the expected and actual values.
 */
public class WeightsFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	public WeightsFormatException(String message) {
		super(message);
	}

	public WeightsFormatException(String message, Throwable cause) {
		super(message, cause);
	}
}

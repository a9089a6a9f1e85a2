package org.mambaj.models;

/** An architecture configuration value that is missing its type or range; the message names the field. */
public class ConfigException extends IllegalArgumentException {

	public ConfigException(String message) {
		super(message);
	}
}

package org.mambaj.models;

/**
 * The ranges MambaJ accepts for architecture hyper-parameters: far beyond the published models, far below sizes
 * whose arrays would overflow an int or exhaust memory before a weight is even checked.
 */
final class ConfigLimits {

	static final int MAX_CHANNELS = 64;
	static final int MAX_CLASSES = 100_000;
	static final int MAX_DIM = 8192;
	static final int MAX_DEPTH = 64;
	static final int MAX_STAGES = 8;
	static final int MAX_D_STATE = 256;
	static final int MAX_PATCH = 64;
	static final int MAX_UPSCALE = 16;

	private ConfigLimits() {}
}

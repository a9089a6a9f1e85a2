package org.mambaj.run;

import java.util.List;

import org.mambaj.core.Parallel;
import org.mambaj.image.Tiler;
import org.mambaj.io.InputSpec;
import org.mambaj.io.MambajSettings;
import org.mambaj.models.PackagedModel;

/**
 * Turns the tile and overlap a user asked for (0 and -1 = the model's defaults) into a {@link Tiler}, running as many
 * tiles at once as the caller has threads.
 */
public final class TileSettings {

	public static final int DEFAULT_TILE = 256;

	private TileSettings() {}

	public static Tiler tiler(PackagedModel model, int tile, int overlap) {
		int minimum = minimum(model);
		MambajSettings defaults = model.settings();
		if (tile != 0 && tile < minimum) throw new IllegalArgumentException("tile " + tile +
			" is smaller than the minimum of " + model.name() + " (" + minimum + " pixels)");
		int t = tile != 0 ? tile : Math.max(minimum, defaults.tileSize() > 0 ? defaults.tileSize() : DEFAULT_TILE);
		int o = overlap >= 0 ? overlap : Math.min(defaults.tileOverlap() >= 0 ? defaults.tileOverlap() : t / 8, (t - 1) / 2);
		return new Tiler(t, o, model.sizeMultiple(), model.outputScale()).tilesAtOnce(tilesAtOnce(model));
	}

	/**
	 * Tiles at once: the thread count of the caller's pool (the one its work runs in: the command line's
	 * {@code --threads}, Fiji's thread setting), each tile on one thread; 1 on an engine with threads of its own
	 * (TensorFlow), whose tiles run one after another on its threads.
	 */
	static int tilesAtOnce(PackagedModel model) {
		return model.usesCallersThreads() ? Parallel.threads() : 1;
	}

	/** The smallest tile the model takes: its size multiple, or the rdf.yaml's minimum input shape if larger. */
	public static int minimum(PackagedModel model) {
		int min = model.sizeMultiple();
		InputSpec in = model.descriptor().inputs().get(0);
		List<Integer> shape = in.shape().min();
		for (char axis : new char[] { 'y', 'x' }) {
			int i = in.axes().indexOf(axis);
			if (i >= 0) min = Math.max(min, shape.get(i));
		}
		return min;
	}
}

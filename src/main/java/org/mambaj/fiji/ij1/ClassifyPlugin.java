package org.mambaj.fiji.ij1;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Overlay;
import ij.gui.TextRoi;
import ij.measure.ResultsTable;

import org.mambaj.fiji.ClassifyCommand;
import org.mambaj.run.Classification;
import org.mambaj.run.ModelRunner;
import org.mambaj.run.RunOptions;

/**
 * Plugins > MambaJ > MambaJ Classify...: {@link ClassifyCommand} on every plane; one row per plane in the
 * "MambaJ Classification" table (rows accumulate over images, for batch runs).
 */
public final class ClassifyPlugin extends CommandPlugin {

	static final String TABLE = "MambaJ Classification";
	static final String LABEL_IMAGE = "label_image";
	/** The image property holding the predicted class (of the first plane). */
	static final String PROPERTY = "MambaJ class";

	@Override
	Class<?> command() {
		return ClassifyCommand.class;
	}

	@Override
	String task() {
		return "classification";
	}

	@Override
	List<CommandParameters.Item> extraOptions() {
		return List.of(CommandParameters.Item.checkbox(LABEL_IMAGE, "Label the image",
			"write the class into an overlay and the image property '" + PROPERTY + "'", false));
	}

	@Override
	void process(ImagePlus image, Map<String, Object> values, RunOptions options, ImageJProgress progress) throws IOException {
		HyperstackPlanes planes = new HyperstackPlanes(image, groupsChannels(image, options));
		ModelRunner runner = runner();
		List<Classification> results = eachPlane(planes, progress, (plane, position) -> runner.classify(plane, options));
		ResultsTable table = table();
		List<HyperstackPlanes.Position> positions = planes.positions();
		for (int i = 0; i < results.size(); i++) {
			Classification c = results.get(i);
			table.incrementCounter();
			table.addValue("Image", image.getTitle());
			table.addValue("Plane", positions.size() > 1 ? positions.get(i).label() : "");
			table.addValue("Class", c.label());
			table.addValue("Probability", c.probabilities()[c.best()]);
			for (int k = 0; k < c.classNames().size(); k++) table.addValue("p_" + c.classNames().get(k), c.probabilities()[k]);
		}
		table.show(TABLE);
		if (Boolean.TRUE.equals(values.get(LABEL_IMAGE))) label(image, results, positions);
	}

	/** The open classification table, so that rows accumulate, or a new one. */
	private static ResultsTable table() {
		if (WindowManager.getWindow(TABLE) instanceof ij.text.TextWindow w && w.getResultsTable() != null)
			return w.getResultsTable();
		ResultsTable table = new ResultsTable();
		table.showRowNumbers(false);
		return table;
	}

	/** The class as an overlay text on each plane it belongs to, and as an image property. */
	private static void label(ImagePlus image, List<Classification> results, List<HyperstackPlanes.Position> positions) {
		image.setProperty(PROPERTY, results.get(0).label());
		Overlay overlay = image.getOverlay() != null ? image.getOverlay() : new Overlay();
		int size = Math.max(12, Math.min(image.getWidth(), image.getHeight()) / 16);
		for (int i = 0; i < results.size(); i++) {
			TextRoi text = new TextRoi(2, 2, results.get(i).label(), new Font("SansSerif", Font.BOLD, size));
			text.setStrokeColor(Color.YELLOW);
			text.setName("MambaJ class");
			HyperstackPlanes.Position p = positions.get(i);
			if (positions.size() > 1) text.setPosition(p.c(), p.z(), p.t());
			overlay.add(text);
		}
		image.setOverlay(overlay);
	}
}

package org.mambaj.fiji;

import java.io.IOException;

import org.mambaj.image.Raster;
import org.mambaj.run.Classification;
import org.mambaj.run.RunOptions;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Classifies an image with a MambaJ classification model. */
@Plugin(type = Command.class, label = "MambaJ Classify")
public class ClassifyCommand extends ModelCommand {

	@Parameter(type = ItemIO.OUTPUT, label = "Class")
	private String label;

	@Parameter(type = ItemIO.OUTPUT, label = "Probability of the class")
	private double probability;

	@Parameter(type = ItemIO.OUTPUT, label = "Class names")
	private String[] class_names;

	@Parameter(type = ItemIO.OUTPUT, label = "Probabilities", description = "in the order of the class names")
	private double[] probabilities;

	@Override
	protected void execute(Raster image, RunOptions options) throws IOException {
		Classification c = runner().classify(image, options);
		double[] p = new double[c.probabilities().length];
		for (int i = 0; i < p.length; i++) p[i] = c.probabilities()[i];
		class_names = c.classNames().toArray(String[]::new);
		probabilities = p;
		probability = p[c.best()];
		label = c.label();
	}

	@Override
	protected void clearOutputs() {
		label = null;
		class_names = null;
		probabilities = null;
		probability = Double.NaN;
	}
}

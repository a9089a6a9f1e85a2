package org.mambaj.run;

import java.util.List;
import java.util.Locale;

/** A classifier's answer for one image: class probabilities, in the order of the class names. */
public record Classification(List<String> classNames, float[] probabilities) {

	public int best() {
		int b = 0;
		for (int i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[b]) b = i;
		return b;
	}

	public String label() {
		return classNames.get(best());
	}

	/** "pneumonia (normal 0.031, pneumonia 0.969)". */
	@Override
	public String toString() {
		StringBuilder s = new StringBuilder(label()).append(" (");
		for (int i = 0; i < probabilities.length; i++)
			s.append(i > 0 ? ", " : "").append(classNames.get(i)).append(String.format(Locale.ROOT, " %.3f", probabilities[i]));
		return s.append(")").toString();
	}
}

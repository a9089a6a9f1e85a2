package org.mambaj.io;

import java.util.List;

/**
 * The shapes an input accepts, one entry per axis: {@code min + k * step} for any k >= 0. A fixed shape has all
 * steps zero (rdf.yaml gives it as a plain list).
 */
public record ShapeSpec(List<Integer> min, List<Integer> step) {

	public boolean isFixed() {
		for (int s : step) if (s != 0) return false;
		return true;
	}

	/** Whether {@code shape} (same axis order) is one of the accepted shapes. */
	public boolean accepts(int... shape) {
		if (shape.length != min.size()) return false;
		for (int i = 0; i < shape.length; i++) {
			int m = min.get(i), s = step.get(i);
			if (shape[i] < m) return false;
			if (s == 0 ? shape[i] != m : (shape[i] - m) % s != 0) return false;
		}
		return true;
	}

	/** The smallest accepted shape that is at least {@code wanted} along every axis (fixed axes keep their size). */
	public int[] smallestAtLeast(int... wanted) {
		if (wanted.length != min.size()) throw new IllegalArgumentException("expected " + min.size() +
			" axes, got " + wanted.length);
		int[] shape = new int[wanted.length];
		for (int i = 0; i < wanted.length; i++) {
			int m = min.get(i), s = step.get(i);
			shape[i] = s == 0 || wanted[i] <= m ? m : m + (wanted[i] - m + s - 1) / s * s;
		}
		return shape;
	}
}

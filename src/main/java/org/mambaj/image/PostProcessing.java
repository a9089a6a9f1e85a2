package org.mambaj.image;

import java.util.ArrayDeque;

import org.mambaj.core.Activations;

/** The output steps a model package may declare, on channel-major planes. */
public final class PostProcessing {

	private PostProcessing() {}

	/** Softmax over the channels of each pixel. */
	public static Plane softmax(Plane p) {
		int c = p.channels(), n = p.pixels();
		float[] in = p.data(), out = new float[in.length];
		for (int i = 0; i < n; i++) {
			double max = Double.NEGATIVE_INFINITY, sum = 0;
			for (int k = 0; k < c; k++) max = Math.max(max, in[k * n + i]);
			for (int k = 0; k < c; k++) sum += Math.exp(in[k * n + i] - max);
			for (int k = 0; k < c; k++) out[k * n + i] = (float) (Math.exp(in[k * n + i] - max) / sum);
		}
		return new Plane(out, c, p.height(), p.width());
	}

	/** The logistic function of every value, by the core's one implementation. */
	public static Plane sigmoid(Plane p) {
		return Plane.of(Activations.sigmoid(p.asBatch()));
	}

	/** 1 where the value is above the threshold, else 0. */
	public static Plane binarize(Plane p, double threshold) {
		float[] in = p.data(), out = new float[in.length];
		for (int i = 0; i < in.length; i++) out[i] = in[i] > threshold ? 1f : 0f;
		return new Plane(out, p.channels(), p.height(), p.width());
	}

	public static Plane clip(Plane p, double min, double max) {
		float[] in = p.data(), out = new float[in.length];
		for (int i = 0; i < in.length; i++) out[i] = (float) Math.min(max, Math.max(min, in[i]));
		return new Plane(out, p.channels(), p.height(), p.width());
	}

	/** Per pixel, the index of the largest channel (ties go to the lower index). */
	public static int[] argmax(Plane p) {
		int c = p.channels(), n = p.pixels();
		float[] in = p.data();
		int[] out = new int[n];
		for (int i = 0; i < n; i++) {
			int best = 0;
			for (int k = 1; k < c; k++) if (in[k * n + i] > in[best * n + i]) best = k;
			out[i] = best;
		}
		return out;
	}

	/**
	 * Instance labels from a (background, interior, boundary) class map: interior components (4-connected,
	 * numbered in row-major order of their first pixel, those under {@code minSize} pixels dropped) are grown
	 * ring by ring into the foreground, each unlabelled foreground pixel taking the smallest label among its
	 * 4-neighbours labelled in the previous ring. Returns a one-channel plane of label ids (0 = background).
	 */
	public static Plane instancesFromInterior(Plane scores, int minSize) {
		if (scores.channels() < 2) throw new IllegalArgumentException(
			"instances_from_interior needs class scores with at least 2 channels, got " + scores.channels());
		int h = scores.height(), w = scores.width(), n = h * w;
		int[] cls = argmax(scores);
		int[] label = seeds(cls, h, w, minSize);
		// grow: ring by ring, reading only labels of earlier rings
		int[] next = label.clone();
		ArrayDeque<Integer> frontier = new ArrayDeque<>();
		for (int i = 0; i < n; i++) if (label[i] == 0 && cls[i] != 0 && hasLabelledNeighbour(label, i, h, w)) frontier.add(i);
		while (!frontier.isEmpty()) {
			int[] ring = frontier.stream().mapToInt(Integer::intValue).toArray();
			frontier.clear();
			for (int i : ring) next[i] = smallestNeighbour(label, i, h, w);
			for (int i : ring) label[i] = next[i];
			for (int i : ring) {
				int y = i / w, x = i % w;
				int[] nb = { y > 0 ? i - w : -1, y < h - 1 ? i + w : -1, x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1 };
				for (int j : nb)
					if (j >= 0 && label[j] == 0 && cls[j] != 0 && next[j] == 0) {
						next[j] = -1; // queued marker; replaced when its ring is processed
						frontier.add(j);
					}
			}
		}
		float[] out = new float[n];
		for (int i = 0; i < n; i++) out[i] = Math.max(0, label[i]);
		return new Plane(out, 1, h, w);
	}

	/** 4-connected components of the non-zero pixels of a one-channel mask, numbered as {@link #instancesFromInterior} does. */
	public static Plane components(Plane mask) {
		if (mask.channels() != 1) throw new IllegalArgumentException("components need a one-channel mask, got " + mask);
		float[] in = mask.data();
		int[] cls = new int[in.length];
		for (int i = 0; i < in.length; i++) cls[i] = in[i] != 0 ? 1 : 0;
		int[] label = seeds(cls, mask.height(), mask.width(), 0);
		float[] out = new float[in.length];
		for (int i = 0; i < in.length; i++) out[i] = label[i];
		return new Plane(out, 1, mask.height(), mask.width());
	}

	private static int[] seeds(int[] cls, int h, int w, int minSize) {
		int n = h * w;
		int[] label = new int[n];
		int count = 0;
		int[] queue = new int[n];
		for (int start = 0; start < n; start++) {
			if (cls[start] != 1 || label[start] != 0) continue;
			int id = ++count, head = 0, tail = 0;
			queue[tail++] = start;
			label[start] = id;
			while (head < tail) {
				int i = queue[head++], y = i / w, x = i % w;
				if (y > 0) tail = visit(cls, label, queue, tail, i - w, id);
				if (y < h - 1) tail = visit(cls, label, queue, tail, i + w, id);
				if (x > 0) tail = visit(cls, label, queue, tail, i - 1, id);
				if (x < w - 1) tail = visit(cls, label, queue, tail, i + 1, id);
			}
			if (tail < minSize) {
				for (int k = 0; k < tail; k++) label[queue[k]] = Integer.MIN_VALUE; // dropped, not a seed
				count--;
			}
		}
		for (int i = 0; i < n; i++) if (label[i] == Integer.MIN_VALUE) label[i] = 0;
		return label;
	}

	private static int visit(int[] cls, int[] label, int[] queue, int tail, int j, int id) {
		if (cls[j] == 1 && label[j] == 0) {
			label[j] = id;
			queue[tail++] = j;
		}
		return tail;
	}

	private static boolean hasLabelledNeighbour(int[] label, int i, int h, int w) {
		return smallestNeighbour(label, i, h, w) > 0;
	}

	private static int smallestNeighbour(int[] label, int i, int h, int w) {
		int y = i / w, x = i % w, best = Integer.MAX_VALUE;
		if (y > 0 && label[i - w] > 0) best = Math.min(best, label[i - w]);
		if (y < h - 1 && label[i + w] > 0) best = Math.min(best, label[i + w]);
		if (x > 0 && label[i - 1] > 0) best = Math.min(best, label[i - 1]);
		if (x < w - 1 && label[i + 1] > 0) best = Math.min(best, label[i + 1]);
		return best == Integer.MAX_VALUE ? 0 : best;
	}

	/** Number of objects in a label plane (its largest id). */
	public static int countLabels(Plane labels) {
		float max = 0;
		for (float v : labels.data()) max = Math.max(max, v);
		return (int) max;
	}
}

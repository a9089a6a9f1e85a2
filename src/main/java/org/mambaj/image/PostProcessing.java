package org.mambaj.image;

import java.util.Arrays;

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
		return Plane.ofNchw(Activations.sigmoid(p.asNchw())); // element-wise: any layout
	}

	/** 1 where the value is above the threshold, else 0. */
	public static Plane binarize(Plane p, double threshold) {
		float[] in = p.data(), out = new float[in.length];
		for (int i = 0; i < in.length; i++) out[i] = in[i] > threshold ? 1f : 0f;
		return new Plane(out, p.channels(), p.height(), p.width());
	}

	public static Plane clip(Plane p, double min, double max) {
		float[] in = p.data(), out = new float[in.length];
		for (int i = 0; i < in.length; i++) out[i] = clip(in[i], min, max);
		return new Plane(out, p.channels(), p.height(), p.width());
	}

	public static float clip(float v, double min, double max) {
		return (float) Math.min(max, Math.max(min, v));
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

	/** Class-map values: what the instance step needs of the argmax, one byte a pixel. */
	public static final byte BACKGROUND = 0, INTERIOR = 1, OTHER = 2;
	/** Marks in a class map's high bits while labelling (a pixel seen by a component search, a queued pixel). */
	private static final int SEEN = 0x10, QUEUED = 0x20, CLASS = 0x0f;

	/**
	 * The class map of a band of scores written at {@code offset} into {@code map}: per pixel, the largest channel
	 * (ties go to the lower index) as {@link #BACKGROUND}, {@link #INTERIOR} or {@link #OTHER} (any later class); an
	 * interior pixel whose interior score is below {@code seedThreshold} counts as {@link #OTHER} (foreground that
	 * seeds no object).
	 */
	public static void classMap(Plane scores, byte[] map, int offset, double seedThreshold) {
		int n = scores.pixels();
		int[] cls = argmax(scores);
		float[] interior = scores.data(); // channel 1 starts at index n
		for (int i = 0; i < n; i++) {
			int c = Math.min(cls[i], OTHER);
			map[offset + i] = (byte) (c == INTERIOR && interior[n + i] < seedThreshold ? OTHER : c);
		}
	}

	/**
	 * Instance labels from a (background, interior, boundary) class map: interior components (4-connected,
	 * numbered in row-major order of their first pixel, those under {@code minSize} pixels dropped) are grown
	 * ring by ring into the foreground, each unlabelled foreground pixel taking the smallest label among its
	 * 4-neighbours labelled in the previous ring; only interior pixels scoring at least {@code seedThreshold} seed
	 * (see {@link #classMap}). Returns a one-channel plane of label ids (0 = background).
	 */
	public static Plane instancesFromInterior(Plane scores, int minSize, double seedThreshold) {
		if (scores.channels() < 2) throw new IllegalArgumentException(
			"instances_from_interior needs class scores with at least 2 channels, got " + scores.channels());
		byte[] map = new byte[scores.pixels()];
		classMap(scores, map, 0, seedThreshold);
		Raster labels = Raster.allocate(Raster.Type.F32, 1, scores.height(), scores.width());
		instancesFromInterior(map, minSize, labels);
		return labels.toPlane();
	}

	/**
	 * {@link #instancesFromInterior(Plane, int, double)} on a class map (which it uses as scratch space: its values stay
	 * non-zero exactly where they were), into a zero one-channel label image of the same size. Besides the map and
	 * the labels it needs memory only for the growing front; 16-bit labels refuse a 65536th object.
	 */
	public static void instancesFromInterior(byte[] map, int minSize, Raster labels) {
		int h = labels.height(), w = labels.width();
		seeds(map, h, w, minSize, labels);
		// grow: ring by ring, reading only labels of earlier rings
		IntList ring = new IntList(), next = new IntList();
		for (int i = 0; i < map.length; i++)
			if (labels.get(0, i) == 0 && map[i] != 0 && smallestNeighbour(labels, i, h, w) > 0) {
				map[i] |= QUEUED;
				ring.add(i);
			}
		int[] values = new int[0];
		while (ring.size() > 0) {
			if (values.length < ring.size()) values = new int[Math.max(ring.size(), 2 * values.length)];
			for (int k = 0; k < ring.size(); k++) values[k] = smallestNeighbour(labels, ring.get(k), h, w);
			for (int k = 0; k < ring.size(); k++) labels.set(0, ring.get(k), values[k]);
			next.clear();
			for (int k = 0; k < ring.size(); k++) {
				int i = ring.get(k), y = i / w, x = i % w;
				if (y > 0) queue(map, labels, next, i - w);
				if (y < h - 1) queue(map, labels, next, i + w);
				if (x > 0) queue(map, labels, next, i - 1);
				if (x < w - 1) queue(map, labels, next, i + 1);
			}
			IntList swap = ring;
			ring = next;
			next = swap;
		}
		for (int i = 0; i < map.length; i++) map[i] &= CLASS;
	}

	private static void queue(byte[] map, Raster labels, IntList next, int j) {
		if (map[j] != 0 && (map[j] & QUEUED) == 0 && labels.get(0, j) == 0) {
			map[j] |= QUEUED;
			next.add(j);
		}
	}

	/** 4-connected components of the non-zero pixels of a one-channel mask, numbered as {@link #instancesFromInterior} does. */
	public static Plane components(Plane mask) {
		if (mask.channels() != 1) throw new IllegalArgumentException("components need a one-channel mask, got " + mask);
		byte[] map = new byte[mask.pixels()];
		float[] in = mask.data();
		for (int i = 0; i < in.length; i++) map[i] = in[i] != 0 ? INTERIOR : BACKGROUND;
		Raster labels = Raster.allocate(Raster.Type.F32, 1, mask.height(), mask.width());
		seeds(map, mask.height(), mask.width(), 0, labels);
		return labels.toPlane();
	}

	/**
	 * The number of 4-connected components of the non-zero pixels of a one-channel 8-bit mask, labelled into
	 * {@code labels} (a zero image of the mask's size) unless it is null. The mask is used as scratch space and
	 * restored.
	 */
	public static int components(Raster mask, Raster labels) {
		if (mask.channels() != 1 || mask.type() != Raster.Type.U8 || mask.offset(0) != 0) throw new IllegalArgumentException(
			"components need a one-channel 8-bit mask, got " + mask);
		byte[] map = (byte[]) mask.array(0);
		byte[] saved = null;
		for (int i = 0; i < mask.pixels(); i++)
			if (map[i] != 0 && map[i] != INTERIOR) { // other non-zero values: label a 0/1 copy instead
				saved = map;
				map = new byte[mask.pixels()];
				for (int j = 0; j < map.length; j++) map[j] = saved[j] != 0 ? INTERIOR : BACKGROUND;
				break;
			}
		int count = seeds(map, mask.height(), mask.width(), 0, labels);
		if (saved == null) for (int i = 0; i < mask.pixels(); i++) map[i] &= CLASS;
		return count;
	}

	/**
	 * Numbers the 4-connected components of {@link #INTERIOR} pixels in row-major order of their first pixel,
	 * dropping those under {@code minSize} pixels; each searched pixel is marked {@link #SEEN} in the map. Writes the
	 * ids into {@code labels} (if not null; a 16-bit image refuses a 65536th object) and returns their number.
	 */
	private static int seeds(byte[] map, int h, int w, int minSize, Raster labels) {
		int n = h * w, count = 0;
		long most = labels == null ? Long.MAX_VALUE : labels.type() == Raster.Type.U16 ? 65535 : 1 << 24;
		IntQueue queue = new IntQueue();
		for (int start = 0; start < n; start++) {
			if (map[start] != INTERIOR) continue; // background, other classes, or already seen
			map[start] |= SEEN;
			queue.add(start);
			int size = 0;
			while (queue.size() > 0) {
				int i = queue.poll(), y = i / w, x = i % w;
				size++;
				if (y > 0) visit(map, queue, i - w);
				if (y < h - 1) visit(map, queue, i + w);
				if (x > 0) visit(map, queue, i - 1);
				if (x < w - 1) visit(map, queue, i + 1);
			}
			if (size < minSize) continue; // dropped: stays unlabelled foreground
			if (++count > most) throw new IllegalArgumentException("more than " + most + " objects do not fit in " +
				(most == 65535 ? "16-bit" : "float") + " labels");
			if (labels != null) label(map, labels, start, h, w, count, queue);
		}
		return count;
	}

	private static void visit(byte[] map, IntQueue queue, int j) {
		if (map[j] == INTERIOR) {
			map[j] |= SEEN;
			queue.add(j);
		}
	}

	/** Writes id over the (seen, unlabelled) component of {@code start}. */
	private static void label(byte[] map, Raster labels, int start, int h, int w, int id, IntQueue queue) {
		labels.set(0, start, id);
		queue.add(start);
		while (queue.size() > 0) {
			int i = queue.poll(), y = i / w, x = i % w;
			if (y > 0) relabel(map, labels, queue, i - w, id);
			if (y < h - 1) relabel(map, labels, queue, i + w, id);
			if (x > 0) relabel(map, labels, queue, i - 1, id);
			if (x < w - 1) relabel(map, labels, queue, i + 1, id);
		}
	}

	private static void relabel(byte[] map, Raster labels, IntQueue queue, int j, int id) {
		if (map[j] == (INTERIOR | SEEN) && labels.get(0, j) == 0) {
			labels.set(0, j, id);
			queue.add(j);
		}
	}

	private static int smallestNeighbour(Raster labels, int i, int h, int w) {
		int y = i / w, x = i % w, best = Integer.MAX_VALUE;
		if (y > 0) best = smaller(best, labels.get(0, i - w));
		if (y < h - 1) best = smaller(best, labels.get(0, i + w));
		if (x > 0) best = smaller(best, labels.get(0, i - 1));
		if (x < w - 1) best = smaller(best, labels.get(0, i + 1));
		return best == Integer.MAX_VALUE ? 0 : best;
	}

	private static int smaller(int best, float label) {
		return label > 0 ? Math.min(best, (int) label) : best;
	}

	/** A growable list of ints (a ring of the growing front). */
	private static final class IntList {
		private int[] items = new int[1024];
		private int size;

		void add(int v) {
			if (size == items.length) items = Arrays.copyOf(items, 2 * size);
			items[size++] = v;
		}

		int get(int k) { return items[k]; }
		int size() { return size; }
		void clear() { size = 0; }
	}

	/** A growable ring-buffer queue of ints: a breadth-first search holds its front, not the whole component. */
	private static final class IntQueue {
		private int[] items = new int[1024];
		private int head, size;

		void add(int v) {
			if (size == items.length) {
				int[] bigger = new int[2 * size];
				for (int k = 0; k < size; k++) bigger[k] = items[(head + k) % items.length];
				items = bigger;
				head = 0;
			}
			items[(head + size++) % items.length] = v;
		}

		int poll() {
			int v = items[head];
			head = (head + 1) % items.length;
			size--;
			return v;
		}

		int size() { return size; }
	}

	/** Number of objects in a label image (its largest id). */
	public static int countLabels(Raster labels) {
		float max = 0;
		for (int i = 0; i < labels.pixels(); i++) max = Math.max(max, labels.get(0, i));
		return (int) max;
	}

	/** Number of objects in a label plane (its largest id). */
	public static int countLabels(Plane labels) {
		float max = 0;
		for (float v : labels.data()) max = Math.max(max, v);
		return (int) max;
	}
}

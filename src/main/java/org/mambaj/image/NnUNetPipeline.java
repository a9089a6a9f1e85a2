package org.mambaj.image;

import java.util.List;
import java.util.function.UnaryOperator;

import org.mambaj.core.Tensor;
import org.mambaj.io.ChannelMode;
import org.mambaj.io.nnunet.ChannelNormalization;
import org.mambaj.io.nnunet.NnUNetInference;

/**
 * nnU-Net v2's prediction of one 2D image, step by step as nnunetv2 does it (DefaultPreprocessor.run_case_npy,
 * nnUNetPredictor.predict_sliding_window_return_logits, export_prediction): channels in the plans' axis order;
 * cropped to the bounding box of non-zero pixels; each channel normalized by its scheme; zero-padded (centred) to
 * at least the patch size; predicted patch by patch with step {@code patch * step_size}, each patch's logits
 * weighted by the Gaussian importance map (optionally averaged over mirrored copies); unpadded; softmax (or
 * sigmoid for regions); put back into the full image (background probability 1 outside the crop) and the original
 * axis order. {@link #labels} turns the probabilities into nnU-Net's label map.
 * <p>
 * Differences from nnU-Net, on purpose: sums are float32 (nnU-Net accumulates in float16 on a GPU), and the image
 * is taken as being at the configuration's spacing (nnU-Net would resample; for 2D datasets of ordinary image
 * files the spacing is 1 x 1 and nothing is resampled).
 */
public final class NnUNetPipeline {

	private final NnUNetInference inference;

	public NnUNetPipeline(NnUNetInference inference) {
		this.inference = inference;
	}

	/**
	 * Class (or region) probabilities, {@code outputChannels x H x W} like the image. {@code network} maps a
	 * normalized patch ([1, patch height, patch width, C], channels-last as {@link org.mambaj.models.Model#forward}
	 * takes it; its array is reused for the next patch) to its channels-last logits; {@code progress} counts patches
	 * and can cancel.
	 */
	public Plane probabilities(Plane image, UnaryOperator<Tensor> network, Progress progress) {
		Plane x = inputChannels(image);
		boolean transpose = inference.spatialOrder()[0] == 1;
		if (transpose) x = transpose(x);
		int[] box = nonZeroBox(x);
		Plane crop = cropTo(x, box);
		crop = normalize(crop);
		int[] patch = inference.patchSize();
		int h = crop.height(), w = crop.width();
		int ph = Math.max(h, patch[0]), pw = Math.max(w, patch[1]);
		int top = (ph - h) / 2, left = (pw - w) / 2; // acvl_utils pad_nd_image: the odd pixel goes below / right
		Plane padded = pad(crop, ph, pw, top, left);
		Plane logits = slide(padded, network, progress);
		Plane probs = nonlinearity(crop(logits, top, left, h, w));
		Plane full = uncrop(probs, box, x.height(), x.width());
		return transpose ? transpose(full) : full;
	}

	/**
	 * Cells smaller than this many pixels are dropped by the cell-instance step (the NeurIPS 2022 cell challenge
	 * baseline removes objects under 16 pixels too); training/nnunet_ref.py uses the same number.
	 */
	public static final int CELL_MIN_SIZE = 16;

	/**
	 * nnU-Net's label map: argmax mapped to the label values, or regions painted in regions_class_order; for a
	 * cell model (background, interior, boundary) one label per cell instead.
	 */
	public Plane labels(Plane probabilities) {
		if (inference.cellInstances()) return PostProcessing.instancesFromInterior(probabilities, CELL_MIN_SIZE, 0);
		int n = probabilities.pixels(), c = probabilities.channels();
		float[] p = probabilities.data(), out = new float[n];
		if (inference.regions()) {
			int[] order = inference.regionClassOrder();
			for (int k = 0; k < c; k++)
				for (int i = 0; i < n; i++) if (p[k * n + i] > 0.5f) out[i] = order[k];
		} else {
			int[] values = inference.labelValues();
			for (int i = 0; i < n; i++) {
				int best = 0;
				for (int k = 1; k < c; k++) if (p[k * n + i] > p[best * n + i]) best = k;
				out[i] = values[best];
			}
		}
		return new Plane(out, 1, probabilities.height(), probabilities.width());
	}

	private Plane inputChannels(Plane image) {
		int want = inference.inputChannels();
		if (image.channels() == want) return image;
		if (want == 1 && image.channels() == 3) return Channels.adapt(image, ChannelMode.GREY);
		if (want == 3 && image.channels() == 1) return Channels.adapt(image, ChannelMode.RGB);
		throw new IllegalArgumentException("the model was trained on " + want + "-channel images; this image has " +
			image.channels() + " channels");
	}

	/** [y0, y1, x0, x1) of the pixels where any channel is non-zero (crop_to_nonzero); the whole image if none. */
	static int[] nonZeroBox(Plane p) {
		int h = p.height(), w = p.width(), y0 = h, y1 = 0, x0 = w, x1 = 0;
		for (int c = 0; c < p.channels(); c++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					if (p.get(c, y, x) == 0) continue;
					y0 = Math.min(y0, y); y1 = Math.max(y1, y + 1); x0 = Math.min(x0, x); x1 = Math.max(x1, x + 1);
				}
		return y0 < y1 ? new int[] { y0, y1, x0, x1 } : new int[] { 0, h, 0, w };
	}

	private Plane normalize(Plane p) {
		int n = p.pixels();
		// the non-zero mask: in a 2D image (one slice) nnU-Net's hole filling changes nothing, every pixel touches the border
		boolean[] mask = new boolean[n];
		for (int c = 0; c < p.channels(); c++) for (int i = 0; i < n; i++) mask[i] |= p.data()[c * n + i] != 0;
		float[] out = p.data().clone();
		List<ChannelNormalization> norms = inference.normalization();
		for (int c = 0; c < p.channels(); c++) normalizeChannel(out, c * n, n, norms.get(c), mask);
		return new Plane(out, p.channels(), p.height(), p.width());
	}

	private static void normalizeChannel(float[] v, int off, int n, ChannelNormalization norm, boolean[] mask) {
		switch (norm.scheme()) {
			case Z_SCORE -> {
				double sum = 0, count = 0;
				for (int i = 0; i < n; i++) if (!norm.useMask() || mask[i]) { sum += v[off + i]; count++; }
				double mean = sum / count, sq = 0;
				for (int i = 0; i < n; i++) if (!norm.useMask() || mask[i]) { double d = v[off + i] - mean; sq += d * d; }
				double std = Math.max(Math.sqrt(sq / count), 1e-8);
				for (int i = 0; i < n; i++) if (!norm.useMask() || mask[i]) v[off + i] = (float) ((v[off + i] - mean) / std);
			}
			case CT -> {
				double std = Math.max(norm.std(), 1e-8);
				for (int i = 0; i < n; i++) {
					double x = Math.min(Math.max(v[off + i], norm.lower()), norm.upper());
					v[off + i] = (float) ((x - norm.mean()) / std);
				}
			}
			case RESCALE_TO_01 -> {
				float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
				for (int i = 0; i < n; i++) min = Math.min(min, v[off + i]);
				for (int i = 0; i < n; i++) max = Math.max(max, v[off + i] - min);
				double scale = Math.max(max, 1e-8);
				for (int i = 0; i < n; i++) v[off + i] = (float) ((v[off + i] - min) / scale);
			}
			case RGB_TO_01 -> {
				for (int i = 0; i < n; i++) {
					if (v[off + i] < 0 || v[off + i] > 255) throw new IllegalArgumentException("RGBTo01Normalization " +
						"expects 8-bit values (0..255), found " + v[off + i]);
					v[off + i] /= 255f;
				}
			}
			case NONE -> { }
		}
	}

	/** The Gaussian-weighted average of the network's logits over all patches. */
	private Plane slide(Plane image, UnaryOperator<Tensor> network, Progress progress) {
		int[] patch = inference.patchSize();
		int h = image.height(), w = image.width(), th = patch[0], tw = patch[1];
		int[][] starts = SlidingWindow.starts(new int[] { h, w }, patch, inference.stepSize());
		float[] gauss = SlidingWindow.gaussian(patch);
		float[] acc = null, weight = new float[h * w], patchBuffer = new float[th * tw * image.channels()];
		int outC = 0, done = 0, total = starts[0].length * starts[1].length;
		for (int y0 : starts[0]) {
			for (int x0 : starts[1]) {
				if (progress.isCancelled()) throw new Progress.CancelledException();
				ChannelsLast.window(image, y0, x0, th, tw, patchBuffer);
				Tensor out = predict(new Tensor(patchBuffer, 1, th, tw, image.channels()), network);
				if (acc == null) {
					outC = out.rank() == 4 ? out.dim(3) : -1;
					if (outC != inference.outputChannels()) throw new IllegalStateException("the network gives " +
						out.shapeString() + ", dataset.json says " + inference.outputChannels() + " channels");
					acc = new float[outC * h * w];
				}
				if (!out.sameShape(new int[] { 1, th, tw, outC })) throw new IllegalStateException(
					"network output " + out.shapeString() + " does not match its " + th + "x" + tw + " patch");
				float[] o = out.data(); // channels-last
				for (int y = 0; y < th; y++)
					for (int x = 0; x < tw; x++) {
						float g = gauss[y * tw + x];
						int p = (y0 + y) * w + x0 + x;
						weight[p] += g;
						for (int c = 0, q = (y * tw + x) * outC; c < outC; c++) acc[c * h * w + p] += g * o[q + c];
					}
				progress.update(++done, total);
			}
		}
		for (int c = 0; c < outC; c++) for (int p = 0; p < h * w; p++) acc[c * h * w + p] /= weight[p];
		return new Plane(acc, outC, h, w);
	}

	/** The network's logits, averaged over the allowed mirrorings as nnU-Net's test-time augmentation does. */
	private Tensor predict(Tensor patch, UnaryOperator<Tensor> network) {
		Tensor sum = network.apply(patch);
		int[] axes = inference.mirrorAxes();
		if (axes.length == 0) return sum;
		float[] acc = sum.data().clone();
		int combos = 0;
		for (int m = 1; m < 1 << axes.length; m++) {
			boolean flipY = false, flipX = false;
			for (int a = 0; a < axes.length; a++) if ((m & 1 << a) != 0) { if (axes[a] == 0) flipY = true; else flipX = true; }
			Tensor out = flip(network.apply(flip(patch, flipY, flipX)), flipY, flipX);
			if (!out.sameShape(sum.shape())) throw new IllegalStateException("network output " + out.shapeString() +
				" for a mirrored patch differs from " + sum.shapeString());
			for (int i = 0; i < acc.length; i++) acc[i] += out.data()[i];
			combos++;
		}
		for (int i = 0; i < acc.length; i++) acc[i] /= combos + 1;
		return new Tensor(acc, sum.shape());
	}

	private Plane nonlinearity(Plane logits) {
		return inference.regions() ? PostProcessing.sigmoid(logits) : PostProcessing.softmax(logits);
	}

	private Plane uncrop(Plane probs, int[] box, int h, int w) {
		int c = probs.channels();
		Plane full = Plane.zeros(c, h, w);
		if (!inference.regions()) java.util.Arrays.fill(full.data(), 0, h * w, 1f);
		for (int k = 0; k < c; k++)
			for (int y = 0; y < probs.height(); y++)
				for (int x = 0; x < probs.width(); x++) full.set(k, box[0] + y, box[2] + x, probs.get(k, y, x));
		return full;
	}

	static Plane cropTo(Plane p, int[] box) {
		return crop(p, box[0], box[2], box[1] - box[0], box[3] - box[2]);
	}

	static Plane crop(Plane p, int y0, int x0, int h, int w) {
		if (y0 == 0 && x0 == 0 && h == p.height() && w == p.width()) return p;
		return window(p, y0, x0, h, w);
	}

	private static Plane window(Plane p, int y0, int x0, int h, int w) {
		int c = p.channels();
		float[] out = new float[c * h * w];
		for (int k = 0; k < c; k++)
			for (int y = 0; y < h; y++)
				System.arraycopy(p.data(), (k * p.height() + y0 + y) * p.width() + x0, out, (k * h + y) * w, w);
		return new Plane(out, c, h, w);
	}

	private static Plane pad(Plane p, int h, int w, int top, int left) {
		if (h == p.height() && w == p.width()) return p;
		Plane out = Plane.zeros(p.channels(), h, w);
		for (int k = 0; k < p.channels(); k++)
			for (int y = 0; y < p.height(); y++)
				System.arraycopy(p.data(), (k * p.height() + y) * p.width(), out.data(), (k * h + top + y) * w + left, p.width());
		return out;
	}

	static Plane transpose(Plane p) {
		int c = p.channels(), h = p.height(), w = p.width();
		Plane out = Plane.zeros(c, w, h);
		for (int k = 0; k < c; k++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out.set(k, x, y, p.get(k, y, x));
		return out;
	}

	/** A [1, H, W, C] tensor mirrored top to bottom and/or left to right (a new tensor; the input when neither). */
	static Tensor flip(Tensor t, boolean flipY, boolean flipX) {
		if (!flipY && !flipX) return t;
		ChannelsLast.requireImage(t);
		int h = t.dim(1), w = t.dim(2), c = t.dim(3);
		float[] in = t.data(), out = new float[in.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				System.arraycopy(in, (y * w + x) * c, out, ((flipY ? h - 1 - y : y) * w + (flipX ? w - 1 - x : x)) * c, c);
		return new Tensor(out, t.shape());
	}
}

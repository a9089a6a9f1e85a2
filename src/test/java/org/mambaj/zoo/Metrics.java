package org.mambaj.zoo;

import java.util.Arrays;

/**
 * The validation metrics of the model cards, written to match the training scripts' NumPy/skimage code
 * (double precision throughout), so the Java pipeline's accuracy can be compared with the recorded value.
 */
final class Metrics {

	private Metrics() {}

	static double accuracy(int[] predicted, int[] truth) {
		int ok = 0;
		for (int i = 0; i < truth.length; i++) if (predicted[i] == truth[i]) ok++;
		return (double) ok / truth.length;
	}

	/** Recall of one class. */
	static double recall(int[] predicted, int[] truth, int cls) {
		int tp = 0, n = 0;
		for (int i = 0; i < truth.length; i++)
			if (truth[i] == cls) {
				n++;
				if (predicted[i] == cls) tp++;
			}
		return n == 0 ? 0 : (double) tp / n;
	}

	/** Unweighted mean over classes of F1 = 2TP / (2TP + FP + FN). */
	static double macroF1(int[] predicted, int[] truth, int classes) {
		double sum = 0;
		for (int c = 0; c < classes; c++) {
			int tp = 0, fp = 0, fn = 0;
			for (int i = 0; i < truth.length; i++) {
				if (predicted[i] == c && truth[i] == c) tp++;
				else if (predicted[i] == c) fp++;
				else if (truth[i] == c) fn++;
			}
			sum += tp + fp + fn == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
		}
		return sum / classes;
	}

	/** ROC AUC of scores for the positive class via average ranks (Mann-Whitney U). */
	static double auc(double[] score, int[] positive) {
		int n = score.length;
		Integer[] idx = new Integer[n];
		for (int i = 0; i < n; i++) idx[i] = i;
		Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
		double[] rank = new double[n];
		for (int i = 0; i < n;) {
			int j = i;
			while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) j++;
			for (int k = i; k <= j; k++) rank[idx[k]] = (i + j) / 2.0 + 1;
			i = j + 1;
		}
		double pos = 0, sumRanks = 0;
		for (int i = 0; i < n; i++)
			if (positive[i] == 1) {
				pos++;
				sumRanks += rank[i];
			}
		double neg = n - pos;
		return (sumRanks - pos * (pos + 1) / 2) / (pos * neg);
	}

	/** Counts of a binary prediction against a binary truth, pooled by the caller over images. */
	static final class Confusion {
		long tp, fp, fn, tn;

		void add(boolean[] predicted, boolean[] truth) {
			for (int i = 0; i < truth.length; i++) {
				if (predicted[i] && truth[i]) tp++;
				else if (predicted[i]) fp++;
				else if (truth[i]) fn++;
				else tn++;
			}
		}

		double dice() { return 2.0 * tp / (2.0 * tp + fp + fn); }
		double iou() { return (double) tp / (tp + fp + fn); }
		double sensitivity() { return (double) tp / (tp + fn); }
		double specificity() { return (double) tn / (tn + fp); }
		double pixelError() { return (double) (fp + fn) / (tp + fp + fn + tn); }
	}

	/** Instance matching at IoU > 0.5 (a match is then unique), pooled over images. */
	static final class InstanceMatch {
		long tp, fp, fn;

		void add(int[] predicted, int[] truth) {
			int np = max(predicted), nt = max(truth);
			long[] areaP = new long[np + 1], areaT = new long[nt + 1];
			java.util.Map<Long, Long> overlap = new java.util.HashMap<>();
			for (int i = 0; i < truth.length; i++) {
				areaP[predicted[i]]++;
				areaT[truth[i]]++;
				if (predicted[i] > 0 && truth[i] > 0) overlap.merge((long) predicted[i] * (nt + 1) + truth[i], 1L, Long::sum);
			}
			int matched = 0;
			for (var e : overlap.entrySet()) {
				int p = (int) (e.getKey() / (nt + 1)), t = (int) (e.getKey() % (nt + 1));
				double inter = e.getValue(), union = areaP[p] + areaT[t] - inter;
				if (inter / union > 0.5) matched++;
			}
			int predictedObjects = 0, trueObjects = 0;
			for (int p = 1; p <= np; p++) if (areaP[p] > 0) predictedObjects++;
			for (int t = 1; t <= nt; t++) if (areaT[t] > 0) trueObjects++;
			tp += matched;
			fp += predictedObjects - matched;
			fn += trueObjects - matched;
		}

		double f1() { return 2.0 * tp / (2.0 * tp + fp + fn); }
		double ap() { return (double) tp / (tp + fp + fn); }

		private static int max(int[] a) {
			int m = 0;
			for (int v : a) m = Math.max(m, v);
			return m;
		}
	}

	/** PSNR in dB for images on a 0..range scale. */
	static double psnr(double[] clean, double[] test, double range) {
		double mse = 0;
		for (int i = 0; i < clean.length; i++) mse += (clean[i] - test[i]) * (clean[i] - test[i]);
		mse /= clean.length;
		return 10 * Math.log10(range * range / mse);
	}

	/**
	 * skimage.metrics.structural_similarity with its defaults for a 2D grey image: 7x7 uniform window, K1 0.01,
	 * K2 0.03, sample covariance, mean over the image without a border of 3 pixels.
	 */
	static double ssim(double[] x, double[] y, int h, int w, double range) {
		int win = 7, r = win / 2;
		double np = win * win, cov = np / (np - 1);
		double c1 = Math.pow(0.01 * range, 2), c2 = Math.pow(0.03 * range, 2);
		double[] ux = box(x, h, w, r), uy = box(y, h, w, r);
		double[] xx = new double[x.length], yy = new double[x.length], xy = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			xx[i] = x[i] * x[i];
			yy[i] = y[i] * y[i];
			xy[i] = x[i] * y[i];
		}
		double[] uxx = box(xx, h, w, r), uyy = box(yy, h, w, r), uxy = box(xy, h, w, r);
		double sum = 0;
		int n = 0;
		for (int yy0 = r; yy0 < h - r; yy0++)
			for (int xx0 = r; xx0 < w - r; xx0++) {
				int i = yy0 * w + xx0;
				double vx = cov * (uxx[i] - ux[i] * ux[i]), vy = cov * (uyy[i] - uy[i] * uy[i]);
				double vxy = cov * (uxy[i] - ux[i] * uy[i]);
				sum += (2 * ux[i] * uy[i] + c1) * (2 * vxy + c2) / ((ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2));
				n++;
			}
		return sum / n;
	}

	/** Mean over a (2r+1)^2 window with mirrored borders (scipy uniform_filter's 'reflect'); only the interior is used. */
	private static double[] box(double[] a, int h, int w, int r) {
		double[] tmp = new double[a.length], out = new double[a.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double s = 0;
				for (int d = -r; d <= r; d++) s += a[y * w + Math.min(w - 1, Math.max(0, x + d))];
				tmp[y * w + x] = s / (2 * r + 1);
			}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double s = 0;
				for (int d = -r; d <= r; d++) s += tmp[Math.min(h - 1, Math.max(0, y + d)) * w + x];
				out[y * w + x] = s / (2 * r + 1);
			}
		return out;
	}
}

package org.mambaj.fiji.ij1;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;

import org.mambaj.image.Plane;

/** One outline ROI per object of a label plane, found in a single pass over the bounding boxes. */
final class LabelRois {

	private LabelRois() {}

	/** ROIs for labels 1..max in order, named "label-N"; labels that do not occur are skipped. */
	static List<Roi> of(Plane labels) {
		int w = labels.width(), h = labels.height();
		float[] d = labels.data();
		int max = 0;
		for (float v : d) max = Math.max(max, (int) v);
		int[] x0 = new int[max + 1], y0 = new int[max + 1], x1 = new int[max + 1], y1 = new int[max + 1];
		java.util.Arrays.fill(x0, Integer.MAX_VALUE);
		java.util.Arrays.fill(y0, Integer.MAX_VALUE);
		java.util.Arrays.fill(x1, -1);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int l = (int) d[y * w + x];
				if (l <= 0) continue;
				x0[l] = Math.min(x0[l], x); y0[l] = Math.min(y0[l], y);
				x1[l] = Math.max(x1[l], x); y1[l] = Math.max(y1[l], y);
			}
		List<Roi> rois = new ArrayList<>();
		for (int l = 1; l <= max; l++) {
			if (x1[l] < 0) continue;
			int bw = x1[l] - x0[l] + 1, bh = y1[l] - y0[l] + 1;
			ByteProcessor mask = new ByteProcessor(bw, bh);
			for (int y = 0; y < bh; y++)
				for (int x = 0; x < bw; x++)
					if ((int) d[(y0[l] + y) * w + x0[l] + x] == l) mask.set(x, y, 255);
			mask.setThreshold(255, 255, ByteProcessor.NO_LUT_UPDATE);
			Roi roi = ThresholdToSelection.run(new ImagePlus("", mask));
			roi.setLocation(roi.getXBase() + x0[l], roi.getYBase() + y0[l]);
			roi.setName("label-" + l);
			rois.add(roi);
		}
		return rois;
	}
}

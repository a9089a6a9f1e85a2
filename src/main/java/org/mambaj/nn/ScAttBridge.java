package org.mambaj.nn;

import org.mambaj.core.Activations;
import org.mambaj.core.Engine;
import org.mambaj.core.Layout;
import org.mambaj.core.Pooling;
import org.mambaj.core.Tensor;
import org.mambaj.io.StateDict;

/**
 * UltraLight VM-UNet's spatial-channel attention bridge over the five skips (split_att "fc"). Spatial: per pixel the
 * channel mean and max, a shared 7x7 conv with dilation 3 and a sigmoid, s = att * t. Channel: the skips' channel
 * means concatenated, a 3-tap Conv1d over that vector, per skip a Linear and a sigmoid, c = att * (s + t). Output
 * c + s. Keys satt.shared_conv2d.0.*, catt.get_all_att.weight, catt.att1..5.*.
 */
public final class ScAttBridge {

	private final Conv2d spatial;
	private final float[] taps;
	private final Linear[] att;
	private final int[] channels;

	public ScAttBridge(StateDict sd, int[] channels, Engine engine) {
		this.channels = channels.clone();
		spatial = Conv2d.dilated(sd.prefixed("satt.shared_conv2d.0."), 2, 1, 7, 3, 9, engine);
		taps = sd.take("catt.get_all_att.weight", 1, 1, 3).data();
		int total = 0;
		for (int c : channels) total += c;
		att = new Linear[channels.length];
		for (int i = 0; i < channels.length; i++)
			att[i] = new Linear(sd.prefixed("catt.att" + (i + 1) + "."), total, channels[i], true, engine);
	}

	public Tensor[] apply(Tensor[] ts) {
		int k = ts.length, n = ts[0].dim(0);
		Tensor[] s = new Tensor[k], summed = new Tensor[k], means = new Tensor[k];
		for (int i = 0; i < k; i++) {
			s[i] = mulPerPixel(ts[i], Activations.sigmoid(spatial.apply(meanAndMax(ts[i]))));
			summed[i] = Layout.add(s[i], ts[i]);
			means[i] = Pooling.globalAvgPool(summed[i]); // [N, C_i]
		}
		Tensor all = conv1d3(Layout.concatLast(means));
		Tensor[] out = new Tensor[k];
		for (int i = 0; i < k; i++) {
			float[] a = Activations.sigmoid(att[i].apply(all)).data(); // [N, C_i]
			Tensor c = mulPerChannel(summed[i], a, n, channels[i]);
			out[i] = Layout.add(c, s[i]);
		}
		return out;
	}

	/** [N, H, W, C] -> [N, H, W, 2]: channel mean and channel max per pixel. */
	private static Tensor meanAndMax(Tensor t) {
		int c = t.dim(3), pixels = t.size() / c;
		float[] in = t.data(), out = new float[pixels * 2];
		for (int p = 0; p < pixels; p++) {
			double sum = 0;
			float max = Float.NEGATIVE_INFINITY;
			for (int i = p * c; i < (p + 1) * c; i++) {
				sum += in[i];
				max = Math.max(max, in[i]);
			}
			out[2 * p] = (float) (sum / c);
			out[2 * p + 1] = max;
		}
		return new Tensor(out, t.dim(0), t.dim(1), t.dim(2), 2);
	}

	/** The published Conv1d(1, 1, 3, padding 1, no bias) along each row of [N, L]. */
	private Tensor conv1d3(Tensor v) {
		int n = v.dim(0), len = v.dim(1);
		float[] in = v.data(), out = new float[in.length];
		for (int b = 0; b < n; b++)
			for (int j = 0; j < len; j++) {
				float acc = 0;
				for (int t = 0; t < 3; t++) {
					int src = j + t - 1;
					if (src >= 0 && src < len) acc += taps[t] * in[b * len + src];
				}
				out[b * len + j] = acc;
			}
		return new Tensor(out, n, len);
	}

	private static Tensor mulPerPixel(Tensor t, Tensor perPixel) {
		int c = t.dim(3);
		float[] in = t.data(), a = perPixel.data(), out = new float[in.length];
		for (int i = 0; i < in.length; i++) out[i] = in[i] * a[i / c];
		return new Tensor(out, t.shape());
	}

	private static Tensor mulPerChannel(Tensor t, float[] a, int n, int c) {
		float[] in = t.data(), out = new float[in.length];
		int perImage = in.length / n;
		for (int i = 0; i < in.length; i++) out[i] = in[i] * a[(i / perImage) * c + i % c];
		return new Tensor(out, t.shape());
	}
}

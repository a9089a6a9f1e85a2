package org.mambaj.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Dense layers on TensorFlow's native CPU kernels (oneDNN/Eigen): each op is a {@link TfLayer}, a small
 * graph and session built once, with the weights converted to TensorFlow's layout and stored as constants.
 * Per call only the input and output are copied (one bulk copy each).
 *
 * Grouped convolutions with 1 < groups < Cin are run in TensorFlow by splitting the channels into groups,
 * convolving each with its own filter and concatenating (TF's CPU Conv2D does not reliably support
 * grouped filters). Depthwise convolutions (groups == Cin == Cout) use DepthwiseConv2dNative.
 *
 * Threads: TensorFlow sizes its CPU thread pools once per process, from the first session created, so the
 * thread count given here only takes effect if this is the first TensorFlow user in the JVM. Set the
 * environment variable {@code TF_CPP_MIN_LOG_LEVEL=3} to silence TensorFlow's native log lines.
 */
public final class TensorFlowEngine implements Engine {

	private final ConfigProto config;
	private final List<TfLayer> layers = new ArrayList<>();
	private boolean closed;

	/** Uses all cores. */
	public TensorFlowEngine() {
		this(Runtime.getRuntime().availableProcessors());
	}

	public TensorFlowEngine(int threads) {
		if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
		config = ConfigProto.newBuilder()
			.setIntraOpParallelismThreads(threads)
			.setInterOpParallelismThreads(threads)
			.build();
	}

	@Override
	public String name() {
		return "tensorflow";
	}

	/**
	 * No: TensorFlow runs its ops on its own process-wide thread pools (sized by the first session), whatever pool
	 * calls them. Its sessions are safe to run at once ({@link TfLayer}), but K tiles at once would each bring
	 * TensorFlow's threads, so tiles on this engine run one after another.
	 */
	@Override
	public boolean usesCallersThreads() {
		return false;
	}

	@Override
	public DenseOp linear(Tensor weight, Tensor bias) {
		Shapes.requireRank("linear weight", weight, 2);
		int out = weight.dim(0), in = weight.dim(1);
		Shapes.requireShape("linear bias", bias, out);
		float[] wt = WeightLayouts.transpose(weight.data(), out, in);
		TfLayer layer = register(new TfLayer(config, Shape.of(-1, in), (tf, x) ->
			withBias(tf, tf.linalg.matMul(x, constant(tf, wt, in, out)), bias)));
		return x -> {
			if (x.rank() < 1 || x.dim(-1) != in) throw new IllegalArgumentException(
				"linear layer expects last dimension " + in + ", got input of shape " + x.shapeString());
			int rows = x.size() / in;
			int[] shape = x.shape();
			shape[shape.length - 1] = out;
			// TensorFlow sees every input as a [rows, in] matrix: a reshape costs nothing on a flat array
			return new Tensor(layer.run(x.data(), new long[] {rows, in}, rows * out), shape);
		};
	}

	@Override
	public DenseOp conv2d(Tensor weight, Tensor bias, int sh, int sw, int ph, int pw, int groups) {
		Shapes.requireConv2d(weight, bias, sh, sw, ph, pw, groups);
		int cout = weight.dim(0), cinG = weight.dim(1), kh = weight.dim(2), kw = weight.dim(3);
		int cin = cinG * groups;
		ConvGeometry geometry = new ConvGeometry(sh, sw, ph, pw);
		TfLayer.Body body;
		if (groups == cin && cout == cin) {
			float[] w = WeightLayouts.depthwiseHwc(weight.data(), cin, kh, kw);
			// an explicit Pad, then VALID: DepthwiseConv2dNative with EXPLICIT padding aborts the JVM in TF 2.16.
			// Its CPU kernel without oneDNN (AMD, CPUs without AVX-512) takes only equal strides: unequal ones run at
			// stride 1 and keep every sh-th row and sw-th column, the same outputs.
			boolean equal = sh == sw;
			body = (tf, x) -> {
				Operand<TFloat32> y = tf.nn.depthwiseConv2dNative(geometry.padded(tf, x), constant(tf, w, kh, kw, cin, 1),
					equal ? geometry.strides() : List.of(1L, 1L, 1L, 1L), "VALID");
				if (!equal) y = tf.stridedSlice(y, tf.constant(new int[4]), tf.constant(new int[4]),
					tf.constant(new int[] {1, sh, sw, 1}), StridedSlice.beginMask(15L), StridedSlice.endMask(15L));
				return withBias(tf, y, bias);
			};
		}
		else {
			int coutG = cout / groups;
			float[][] w = new float[groups][];
			for (int g = 0; g < groups; g++) w[g] = WeightLayouts.hwioGroup(weight.data(), g, coutG, cinG, kh, kw);
			body = (tf, x) -> {
				List<? extends Operand<TFloat32>> inputs = groups == 1 ? List.of(x)
					: tf.split(tf.constant(3), x, (long) groups).output();
				List<Operand<TFloat32>> parts = new ArrayList<>();
				for (int g = 0; g < groups; g++) parts.add(tf.nn.conv2d(inputs.get(g),
					constant(tf, w[g], kh, kw, cinG, coutG), geometry.strides(), geometry.padding(),
					Conv2d.explicitPaddings(geometry.explicit())));
				return withBias(tf, groups == 1 ? parts.get(0) : tf.concat(parts, tf.constant(3)), bias);
			};
		}
		TfLayer layer = register(new TfLayer(config, Shape.of(-1, -1, -1, cin), body));
		return x -> {
			if (x.rank() != 4 || x.dim(3) != cin) throw new IllegalArgumentException(
				"conv2d expects an NHWC image with " + cin + " channels, got shape " + x.shapeString());
			int n = x.dim(0), h = x.dim(1), w = x.dim(2);
			int oh = Shapes.convOut(h, kh, sh, ph), ow = Shapes.convOut(w, kw, sw, pw);
			float[] y = layer.run(x.data(), new long[] {n, h, w, cin}, n * oh * ow * cout);
			return new Tensor(y, n, oh, ow, cout);
		};
	}

	/** Closes every graph and session this engine made; its ops must not be used afterwards. */
	@Override
	public synchronized void close() {
		closed = true;
		for (TfLayer layer : layers) layer.close();
		layers.clear();
	}

	private synchronized TfLayer register(TfLayer layer) {
		if (closed) {
			layer.close();
			throw new IllegalStateException("TensorFlowEngine is closed");
		}
		layers.add(layer);
		return layer;
	}

	private static Operand<TFloat32> constant(Ops tf, float[] data, long... shape) {
		return tf.constant(Shape.of(shape), DataBuffers.of(data, true, false));
	}

	private static Operand<TFloat32> withBias(Ops tf, Operand<TFloat32> y, Tensor bias) {
		return bias == null ? y : tf.nn.biasAdd(y, constant(tf, bias.data(), bias.size()));
	}

	/** Strides and PyTorch-style symmetric zero padding per axis, as TensorFlow's attributes. */
	private record ConvGeometry(int sh, int sw, int ph, int pw) {

		List<Long> strides() {
			return List.of(1L, (long) sh, (long) sw, 1L);
		}

		boolean unpadded() {
			return ph == 0 && pw == 0;
		}

		/** EXPLICIT padding pads inside the kernel: no padded copy of the input as a separate Pad op would make. */
		String padding() {
			return unpadded() ? "VALID" : "EXPLICIT";
		}

		Operand<TFloat32> padded(Ops tf, Operand<TFloat32> x) {
			if (unpadded()) return x;
			int[][] amounts = {{0, 0}, {ph, ph}, {pw, pw}, {0, 0}};
			return tf.pad(x, tf.constant(amounts), tf.constant(0f));
		}

		List<Long> explicit() {
			return unpadded() ? List.of() : Arrays.asList(0L, 0L, (long) ph, (long) ph, (long) pw, (long) pw, 0L, 0L);
		}
	}
}

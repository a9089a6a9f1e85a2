package org.mambaj.core;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * One dense layer as its own tiny TensorFlow graph (placeholder -> ops with constant weights -> output)
 * and session. A graph per layer keeps layers independent (no shared mutable graph, no name clashes) and
 * each run executes only a handful of nodes. Thread-safe: {@link Session} runs concurrently, and every
 * native tensor made here is closed before {@link #run} returns.
 */
final class TfLayer implements AutoCloseable {

	/** Builds the layer's ops on top of the input placeholder. */
	@FunctionalInterface
	interface Body {
		Operand<TFloat32> build(Ops tf, Operand<TFloat32> input);
	}

	private final Graph graph;
	private final Session session;
	private final Operand<TFloat32> input;
	private final Operand<TFloat32> output;

	/** {@code inputShape} may hold -1 for sizes only known at run time. */
	TfLayer(ConfigProto config, Shape inputShape, Body body) {
		graph = new Graph();
		try {
			Ops tf = Ops.create(graph);
			input = tf.placeholder(TFloat32.class,
				org.tensorflow.op.core.Placeholder.shape(inputShape));
			output = body.build(tf, input);
			session = new Session(graph, config);
		}
		catch (RuntimeException | Error e) {
			graph.close();
			throw e;
		}
	}

	/** Runs the layer on {@code x} (already shape-checked by the caller) and returns the output's data. */
	float[] run(float[] x, long[] shape, int outputSize) {
		float[] y = new float[outputSize];
		// both copies are single bulk transfers between the Java array and the native tensor
		try (TFloat32 in = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(x, true, false));
			Result result = session.runner().feed(input, in).fetch(output).run())
		{
			TFloat32 out = (TFloat32) result.get(0);
			if (out.size() != outputSize) throw new IllegalStateException("TensorFlow returned shape " +
				out.shape() + ", expected " + outputSize + " elements");
			out.copyTo(DataBuffers.of(y, false, false));
		}
		return y;
	}

	@Override
	public void close() {
		// Session.close waits for runs in flight, so closing under a running thread is safe
		session.close();
		graph.close();
	}
}

package org.mambaj.io;

import java.io.IOException;

import org.mambaj.core.Tensor;

/** A weight whose shape is known from its file's header and whose values are read once, on first use. */
final class LazyTensor {

	interface Reader {
		Tensor read() throws IOException;
	}

	private final int[] shape;
	private Reader reader;
	private Tensor tensor;

	LazyTensor(int[] shape, Reader reader) {
		this.shape = shape.clone();
		this.reader = reader;
	}

	static LazyTensor of(Tensor tensor) {
		LazyTensor t = new LazyTensor(tensor.shape(), null);
		t.tensor = tensor;
		return t;
	}

	int[] shape() {
		return shape.clone();
	}

	synchronized Tensor get() throws IOException {
		if (tensor == null) {
			tensor = reader.read();
			reader = null;
		}
		return tensor;
	}
}

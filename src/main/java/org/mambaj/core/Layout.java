package org.mambaj.core;

/**
 * Pure data movement on row-major tensors: layout changes, channel splits and joins, shuffles and the
 * patch rearrangements of the vision Mambas. Images are NHWC unless a name says otherwise.
 */
public final class Layout {

	private Layout() {}

	public static Tensor nchwToNhwc(Tensor x) {
		Shapes.requireRank("NCHW image", x, 4);
		int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
		float[] in = x.data(), out = new float[in.length];
		Parallel.rows(n * c, h * w, (from, to) -> {
			for (int bc = from; bc < to; bc++) {
				int b = bc / c, ch = bc % c;
				for (int p = 0, src = bc * h * w; p < h * w; p++) out[(b * h * w + p) * c + ch] = in[src + p];
			}
		});
		return new Tensor(out, n, h, w, c);
	}

	public static Tensor nhwcToNchw(Tensor x) {
		Shapes.requireRank("NHWC image", x, 4);
		int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
		float[] in = x.data(), out = new float[in.length];
		Parallel.rows(n * c, h * w, (from, to) -> {
			for (int bc = from; bc < to; bc++) {
				int b = bc / c, ch = bc % c;
				for (int p = 0, dst = bc * h * w; p < h * w; p++) out[dst + p] = in[(b * h * w + p) * c + ch];
			}
		});
		return new Tensor(out, n, c, h, w);
	}

	/**
	 * A tensor in PyTorch's layout (an NCHW image, or anything of another rank such as [batch, classes] scores) in
	 * MambaJ's: images channels-last (NHWC), other ranks unchanged. For files PyTorch wrote (golden files, package
	 * test tensors, benchmark inputs); the models themselves only see NHWC.
	 */
	public static Tensor fromTorch(Tensor x) {
		return x.rank() == 4 ? nchwToNhwc(x) : x;
	}

	/** The inverse of {@link #fromTorch}: NHWC images back to NCHW, other ranks unchanged. */
	public static Tensor toTorch(Tensor x) {
		return x.rank() == 4 ? nhwcToNchw(x) : x;
	}

	/** Channels [from, from + count) of the last axis. */
	public static Tensor sliceLast(Tensor x, int from, int count) {
		int c = x.dim(-1), rows = x.size() / c;
		if (from < 0 || count < 0 || from + count > c) throw new IllegalArgumentException(
			"cannot take channels " + from + ".." + (from + count) + " of shape " + x.shapeString());
		float[] in = x.data(), out = new float[rows * count];
		Parallel.rows(rows, count, (r0, r1) -> {
			for (int r = r0; r < r1; r++) System.arraycopy(in, r * c + from, out, r * count, count);
		});
		int[] shape = x.shape();
		shape[shape.length - 1] = count;
		return new Tensor(out, shape);
	}

	/** Joins tensors along the last axis; all other dimensions must agree. */
	public static Tensor concatLast(Tensor... parts) {
		int rows = parts[0].size() / parts[0].dim(-1), total = 0;
		for (Tensor p : parts) {
			if (p.rank() != parts[0].rank() || p.size() / p.dim(-1) != rows) throw new IllegalArgumentException(
				"cannot concatenate " + p.shapeString() + " with " + parts[0].shapeString());
			total += p.dim(-1);
		}
		float[] out = new float[rows * total];
		int width = total;
		Parallel.rows(rows, width, (r0, r1) -> {
			for (int r = r0, off = r0 * width; r < r1; r++)
				for (Tensor p : parts) {
					int c = p.dim(-1);
					System.arraycopy(p.data(), r * c, out, off, c);
					off += c;
				}
		});
		int[] shape = parts[0].shape();
		shape[shape.length - 1] = total;
		return new Tensor(out, shape);
	}

	/** ShuffleNet's channel shuffle on the last axis: view (groups, C/groups), transpose, flatten. */
	public static Tensor channelShuffle(Tensor x, int groups) {
		int c = x.dim(-1);
		if (c % groups != 0) throw new IllegalArgumentException(c + " channels cannot be shuffled in " + groups + " groups");
		int per = c / groups;
		float[] in = x.data(), out = new float[in.length];
		Parallel.rows(in.length / c, c, (r0, r1) -> {
			for (int o = r0 * c; o < r1 * c; o += c)
				for (int g = 0; g < groups; g++)
					for (int i = 0; i < per; i++) out[o + i * groups + g] = in[o + g * per + i];
		});
		return new Tensor(out, x.shape());
	}

	/**
	 * PyTorch's pixel_shuffle expressed on NHWC: [N, H, W, C*r*r] -> [N, H*r, W*r, C], where input channel
	 * c*r*r + i*r + j goes to output pixel (y*r + i, x*r + j) and channel c.
	 */
	public static Tensor pixelShuffle(Tensor x, int r) {
		Shapes.requireRank("pixel shuffle input", x, 4);
		int n = x.dim(0), h = x.dim(1), w = x.dim(2), cr = x.dim(3);
		if (cr % (r * r) != 0) throw new IllegalArgumentException(
			"pixel shuffle by " + r + " needs channels divisible by " + r * r + ", got shape " + x.shapeString());
		int c = cr / (r * r);
		float[] in = x.data(), out = new float[in.length];
		Parallel.rows(n * h, w * cr, (from, to) -> {
			for (int row = from; row < to; row++) {
				int b = row / h, yy = row % h;
				for (int xx = 0; xx < w; xx++)
					for (int ch = 0; ch < c; ch++)
						for (int i = 0; i < r; i++)
							for (int j = 0; j < r; j++)
								out[((b * h * r + yy * r + i) * w * r + xx * r + j) * c + ch] =
									in[((b * h + yy) * w + xx) * cr + ch * r * r + i * r + j];
			}
		});
		return new Tensor(out, n, h * r, w * r, c);
	}

	/**
	 * The rearrangement 'b h w (p1 p2 c) -> b (h p1) (w p2) c' of VMamba's patch expanding
	 * (the channel index is p1-major, unlike pixel shuffle's c-major order).
	 */
	public static Tensor expandPatches(Tensor x, int p) {
		Shapes.requireRank("patch expand input", x, 4);
		int n = x.dim(0), h = x.dim(1), w = x.dim(2), cp = x.dim(3), c = cp / (p * p);
		if (c * p * p != cp) throw new IllegalArgumentException(
			"patch expand by " + p + " needs channels divisible by " + p * p + ", got shape " + x.shapeString());
		float[] in = x.data(), out = new float[in.length];
		Parallel.rows(n * h, w * cp, (from, to) -> {
			for (int row = from; row < to; row++) {
				int b = row / h, yy = row % h;
				for (int xx = 0; xx < w; xx++)
					for (int i = 0; i < p; i++)
						for (int j = 0; j < p; j++)
							System.arraycopy(in, ((b * h + yy) * w + xx) * cp + (i * p + j) * c,
								out, ((b * h * p + yy * p + i) * w * p + xx * p + j) * c, c);
			}
		});
		return new Tensor(out, n, h * p, w * p, c);
	}

	/**
	 * VMamba's patch merging gather: the 2x2 neighbours (0,0), (1,0), (0,1), (1,1) (row, column offsets)
	 * concatenated along channels; odd sizes drop the last row/column as the published code does.
	 */
	public static Tensor mergePatches(Tensor x) {
		Shapes.requireRank("patch merging input", x, 4);
		int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), oh = h / 2, ow = w / 2;
		if (oh == 0 || ow == 0) throw new IllegalArgumentException("patch merging needs at least 2x2 pixels, got " + x.shapeString());
		int[][] offsets = { { 0, 0 }, { 1, 0 }, { 0, 1 }, { 1, 1 } };
		float[] in = x.data(), out = new float[n * oh * ow * 4 * c];
		Parallel.rows(n * oh, ow * 4 * c, (from, to) -> {
			for (int row = from; row < to; row++) {
				int b = row / oh, yy = row % oh;
				for (int xx = 0; xx < ow; xx++)
					for (int q = 0; q < 4; q++)
						System.arraycopy(in, ((b * h + 2 * yy + offsets[q][0]) * w + 2 * xx + offsets[q][1]) * c,
							out, (((b * oh + yy) * ow + xx) * 4 + q) * c, c);
			}
		});
		return new Tensor(out, n, oh, ow, 4 * c);
	}

	public static Tensor add(Tensor a, Tensor b) {
		requireSame("add", a, b);
		float[] x = a.data(), y = b.data(), out = new float[x.length];
		Parallel.elements(out.length, (from, to) -> {
			for (int i = from; i < to; i++) out[i] = x[i] + y[i];
		});
		return new Tensor(out, a.shape());
	}

	/**
	 * a + b written into a, which is returned: for an {@code a} that nothing else holds (an op's new output, e.g.
	 * a residual branch), so that no third array is allocated and zeroed. The same values as {@link #add}.
	 */
	public static Tensor addInto(Tensor a, Tensor b) {
		requireSame("add", a, b);
		float[] x = a.data(), y = b.data();
		Parallel.elements(x.length, (from, to) -> {
			for (int i = from; i < to; i++) x[i] += y[i];
		});
		return a;
	}

	public static Tensor mul(Tensor a, Tensor b) {
		requireSame("multiply", a, b);
		float[] x = a.data(), y = b.data(), out = new float[x.length];
		Parallel.elements(out.length, (from, to) -> {
			for (int i = from; i < to; i++) out[i] = x[i] * y[i];
		});
		return new Tensor(out, a.shape());
	}

	/** a * silu(b): the gate of Mamba and SS2D. */
	public static Tensor mulSilu(Tensor a, Tensor b) {
		requireSame("gate", a, b);
		float[] x = a.data(), y = b.data(), out = new float[x.length];
		Kernels k = Kernels.best();
		// blocks of 4096 values: the vector kernels' scalar tails fall at the same indices whatever the threads
		Parallel.range((out.length + 4095) / 4096, 8, (from, to) ->
			k.mulSilu(x, y, out, from * 4096, Math.min(out.length, to * 4096)));
		return new Tensor(out, a.shape());
	}

	/** Repeats the last axis {@code times} times: [.., c] -> [.., c*times], as torch's repeat on channels. */
	public static Tensor repeatLast(Tensor x, int times) {
		Tensor[] parts = new Tensor[times];
		java.util.Arrays.fill(parts, x);
		return concatLast(parts);
	}

	private static void requireSame(String what, Tensor a, Tensor b) {
		if (!a.sameShape(b.shape())) throw new IllegalArgumentException(
			"cannot " + what + " tensors of shapes " + a.shapeString() + " and " + b.shapeString());
	}
}

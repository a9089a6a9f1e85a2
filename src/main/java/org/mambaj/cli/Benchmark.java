package org.mambaj.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.mambaj.core.CrossScan;
import org.mambaj.core.Engine;
import org.mambaj.core.Engines;
import org.mambaj.core.Kernels;
import org.mambaj.core.Layout;
import org.mambaj.core.Parallel;
import org.mambaj.core.RangeProfile;
import org.mambaj.core.SelectiveScan;
import org.mambaj.core.Tensor;
import org.mambaj.io.Npy;
import org.mambaj.io.StateDict;
import org.mambaj.models.Architectures;
import org.mambaj.models.Model;
import org.yaml.snakeyaml.Yaml;

/**
 * Latency benchmark (not a test): warm-up runs, then the median of timed runs, for the selective scan alone or a
 * whole model read from a benchmark folder (weights.safetensors, input.npy, config.json as written by
 * benchmarks/make_weights.py). One case and one engine per JVM, so the peak memory printed is that case's.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... org.mambaj.cli.Benchmark CASE [--engine java|tensorflow]
 *     [--runs 5] [--warmup 2] [--size S] [--threads T] [--concurrent C] [--prime N [--prime-size 64]]
 *     [--data benchmarks/data]
 * CASE: scan1 (L 4096, D 192, N 16, one direction), scan4 (the same, SS2D's four directions summed),
 *       or a folder name under --data (vmunet, medmamba-t, mambair-dn)
 * </pre>
 *
 * Inferences run on a pool of {@code --threads} workers (default: {@code -Dmambaj.threads}, else one per core)
 * through {@link Parallel#call}, as the command line and Fiji run them. {@code --concurrent C} instead runs C
 * inferences at once, each on its own pool of {@code --threads} workers (what splitting an image's tiles over
 * threads would do), and reports the wall time of the C together divided by C: time per image. With {@code -Dmambaj.profileRanges=true}
 * it also prints the time of the timed runs spent in and outside parallel ops ({@link RangeProfile}). {@code --prime N}
 * first runs N inferences on a {@code --prime-size} crop (default 64x64), so that first_ms is the first full-size
 * inference after such a warm-up.
 *
 * The scalar kernels are chosen at JVM start with {@code -Dmambaj.scalar=true}. Output ends with one line
 * {@code RESULT case engine median_ms peak_rss_mb runs input kernels heap_peak_mb min_ms max_ms cpu_ms first_ms};
 * first_ms is the first inference of this fresh JVM (the first warm-up run: JIT compilation included), what a
 * user waits for on the first click.
 */
public final class Benchmark {

	private final String what;
	private String engineKind = "java", data = "benchmarks/data";
	private int runs = 5, warmup = 2, size = 0, threads = Parallel.standard().size(), concurrent = 1, prime = 0,
		primeSize = 64;
	private double cpuMedian, firstMs = Double.NaN;
	private Parallel[] pools; // --concurrent: one pool per concurrent inference

	private Benchmark(String[] args) {
		if (args.length == 0) throw new IllegalArgumentException("usage: Benchmark CASE [--engine E] [--runs N] " +
			"[--warmup N] [--size S] [--data DIR]");
		what = args[0];
		for (int i = 1; i + 1 < args.length; i += 2) {
			String v = args[i + 1];
			switch (args[i]) {
				case "--engine" -> engineKind = v;
				case "--runs" -> runs = Integer.parseInt(v);
				case "--warmup" -> warmup = Integer.parseInt(v);
				case "--size" -> size = Integer.parseInt(v);
				case "--threads" -> threads = Integer.parseInt(v);
				case "--concurrent" -> concurrent = Integer.parseInt(v);
				case "--prime" -> prime = Integer.parseInt(v);
				case "--prime-size" -> primeSize = Integer.parseInt(v);
				case "--data" -> data = v;
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
	}

	public static void main(String[] args) throws Exception {
		Benchmark b = new Benchmark(args);
		try (Parallel workers = new Parallel(b.threads)) {
			workers.call(() -> {
				b.run();
				return null;
			});
		}
	}

	private void run() throws IOException {
		System.out.println("# " + Engines.describe() + "; JVM " + Runtime.version() + "; fork-join threads " +
			Parallel.threads());
		Runnable body;
		String input, engineName;
		Engine engine = null;
		if (what.startsWith("scan")) {
			int directions = what.equals("scan4") ? 4 : 1;
			SelectiveScan.Problem p = ScanProblem.make(directions, 64, 64, 192, 16);
			body = () -> SelectiveScan.run(p);
			input = "L4096 D192 N16 K" + directions;
			engineName = "java";
		}
		else {
			Path dir = Path.of(data, what);
			// JSON is YAML: snakeyaml (already a dependency) reads it
			Map<String, Object> config = new Yaml().load(Files.readString(dir.resolve("config.json")));
			@SuppressWarnings("unchecked")
			Map<String, ?> modelConfig = (Map<String, ?>) config.get("config");
			engine = Engines.create(engineKind);
			Model model = Architectures.build((String) config.get("architecture"), modelConfig,
				StateDict.load(dir.resolve("weights.safetensors")), engine);
			Tensor nchw = crop(Npy.read(dir.resolve("input.npy")), size); // PyTorch's layout, as the reference reads it
			Tensor x = Layout.fromTorch(nchw);
			primeOn(model, Layout.fromTorch(crop(nchw, primeSize)));
			body = concurrent == 1 ? () -> model.forward(x) : () -> concurrently(() -> model.forward(x));
			input = String.join("x", Arrays.stream(nchw.shape()).mapToObj(String::valueOf).toArray(String[]::new));
			engineName = engine.name();
		}
		double[] ms = time(body);
		System.out.printf(Locale.ROOT, "RESULT\t%s\t%s\t%.2f\t%.0f\t%d\t%s\t%s\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f%n", what,
			engineName, median(ms), peakRssMb(), runs, input, Kernels.best().name(), heapPeakMb(), ms[0], ms[ms.length - 1],
			cpuMedian, firstMs);
		if (engine != null) engine.close();
	}

	/** --prime N: N inferences on a small crop first, as a background warm-up before the first click would run. */
	private void primeOn(Model model, Tensor small) {
		if (prime <= 0) return;
		long t0 = System.nanoTime();
		for (int i = 0; i < prime; i++) model.forward(small);
		System.out.printf(Locale.ROOT, "# primed: %d inferences at %dx%d in %.1f ms%n", prime, small.dim(1), small.dim(2),
			(System.nanoTime() - t0) / 1e6);
	}

	private double[] time(Runnable body) {
		for (int i = 0; i < warmup; i++) {
			long t0 = System.nanoTime();
			body.run();
			double t = (System.nanoTime() - t0) / 1e6;
			if (i == 0) firstMs = t;
			System.out.printf(Locale.ROOT, "# warm-up %d: %.1f ms%n", i, t);
		}
		// profilers (JFR) can drop the samples taken before this line: the warm-up includes JIT compilation
		System.out.println("# timed runs start at " + java.time.LocalTime.now());
		RangeProfile.reset();
		double[] ms = new double[runs], cpu = new double[runs], alloc = new double[runs];
		for (int i = 0; i < runs; i++) {
			long a0 = allocatedBytes(), c0 = cpuNanos(), t0 = System.nanoTime();
			body.run();
			ms[i] = (System.nanoTime() - t0) / 1e6 / concurrent;
			alloc[i] = (allocatedBytes() - a0) / 1048576.0 / concurrent;
			if (Double.isNaN(firstMs)) firstMs = ms[i];
			cpu[i] = (cpuNanos() - c0) / 1e6 / concurrent;
			System.out.printf(Locale.ROOT, "# run %d: %.1f ms (process CPU %.1f ms, allocated %.0f MB)%n", i, ms[i],
				cpu[i], alloc[i]);
		}
		System.out.print(RangeProfile.report(Arrays.stream(ms).sum()));
		Arrays.sort(ms);
		Arrays.sort(cpu);
		cpuMedian = median(cpu);
		return ms;
	}

	/**
	 * Runs {@code body} {@link #concurrent} times at once, each on its own pool of {@link #threads} workers (kept
	 * from run to run, so that their CPU time and allocations are counted).
	 */
	private void concurrently(Runnable body) {
		if (pools == null) {
			pools = new Parallel[concurrent];
			for (int i = 0; i < concurrent; i++) pools[i] = new Parallel(threads);
		}
		Thread[] all = new Thread[concurrent];
		for (int i = 0; i < concurrent; i++) {
			Parallel own = pools[i];
			all[i] = new Thread(() -> {
				try {
					own.call(() -> {
						body.run();
						return null;
					});
				}
				catch (IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			});
			all[i].start();
		}
		for (Thread t : all) {
			try {
				t.join();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", e);
			}
		}
	}

	/**
	 * CPU time of all live threads (nanosecond clocks; the process total is in 10 ms ticks): on a shared machine
	 * a steadier measure of the work done than wall time.
	 */
	private static long cpuNanos() {
		java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long sum = 0;
		for (long id : threads.getAllThreadIds()) sum += Math.max(0, threads.getThreadCpuTime(id));
		return sum;
	}

	/** Bytes allocated on the Java heap by all live threads so far (HotSpot's per-thread counters). */
	private static long allocatedBytes() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long sum = 0;
		for (long id : threads.getAllThreadIds()) sum += Math.max(0, threads.getThreadAllocatedBytes(id));
		return sum;
	}

	private static double median(double[] sorted) {
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/** The top-left size x size pixels of an NCHW image (0: the whole image). */
	private static Tensor crop(Tensor x, int size) {
		if (size <= 0) return x;
		int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
		if (size > h || size > w) throw new IllegalArgumentException("--size " + size + " (or --prime-size) is larger " +
			"than the stored input " + h + "x" + w + ": it only crops; make a larger input with benchmarks/make_weights.py");
		float[] out = new float[n * c * size * size];
		for (int p = 0; p < n * c; p++)
			for (int y = 0; y < size; y++) System.arraycopy(x.data(), (p * h + y) * w, out, (p * size + y) * size, size);
		return new Tensor(out, n, c, size, size);
	}

	/** Peak resident set size of the process (VmHWM): Java heap, TensorFlow's native memory and all. */
	private static double peakRssMb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status")))
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
		}
		catch (IOException | NumberFormatException e) {
			// not Linux: fall through
		}
		return Double.NaN;
	}

	/** Sum of the heap pools' peak usage (weights included): what the Java side needed at most. */
	private static double heapPeakMb() {
		long bytes = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP) bytes += pool.getPeakUsage().getUsed();
		return bytes / 1048576.0;
	}

	/** A scan problem shaped like VM-UNet's first stage (64 x 64 tokens, 192 channels), with sane random values. */
	static final class ScanProblem {

		private ScanProblem() {}

		static SelectiveScan.Problem make(int directions, int h, int w, int d, int n) {
			Random r = new Random(5);
			int len = h * w;
			float[] u = gauss(r, len * d, 1f), dt = gauss(r, directions * len * d, 0.5f);
			float[] a = new float[directions * n * d];
			for (int i = 0; i < a.length; i++) a[i] = (float) -Math.exp(Math.log(1 + (i / d) % n) + r.nextFloat() - 0.5);
			float[] bias = gauss(r, directions * d, 0.5f), skip = gauss(r, directions * d, 1f);
			for (int i = 0; i < bias.length; i++) bias[i] -= 2.5f;
			int stride = directions * 2 * n;
			int[] bOff = new int[directions], cOff = new int[directions];
			for (int k = 0; k < directions; k++) {
				bOff[k] = 2 * n * k;
				cOff[k] = bOff[k] + n;
			}
			int[][] order = directions == 4 ? CrossScan.fourWay(h, w) : new int[][] { CrossScan.identity(len) };
			return new SelectiveScan.Problem(1, len, d, n, u, false, dt, a, bias, skip, gauss(r, len * stride, 1f),
				stride, bOff, cOff, order, new float[len * d]);
		}

		private static float[] gauss(Random r, int size, float scale) {
			float[] v = new float[size];
			for (int i = 0; i < size; i++) v[i] = (float) r.nextGaussian() * scale;
			return v;
		}
	}
}

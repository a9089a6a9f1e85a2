package org.mambaj.core;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A measuring aid for the benchmark (off unless {@code -Dmambaj.profileRanges=true}): the wall time of every
 * top-level {@link Parallel#range}, per call site. Wall time of an inference minus the total here is the time
 * spent outside parallel ops (serial code, allocation, garbage collection): what bounds the gain from threads.
 */
public final class RangeProfile {

	static final boolean ON = Boolean.getBoolean("mambaj.profileRanges");

	/** calls, nanoseconds, indices per call site (the class of the range's body: one per lambda). */
	private static final Map<Class<?>, long[]> STATS = new ConcurrentHashMap<>();

	/** The source line that created a range body, found once per body class. */
	private static final ClassValue<String> SITE = new ClassValue<>() {
		@Override
		protected String computeValue(Class<?> c) {
			return StackWalker.getInstance().walk(frames -> frames
				.filter(f -> !f.getClassName().startsWith(Parallel.class.getName()) &&
					!f.getClassName().startsWith(RangeProfile.class.getName()) && !f.getClassName().startsWith("java."))
				.limit(2).map(f -> f.getClassName().replace("org.mambaj.", "") + "." + f.getMethodName() + ":" +
					f.getLineNumber())
				.reduce((a, b) -> a + " < " + b).orElse(c.getName()));
		}
	};

	private RangeProfile() {}

	/** Ranges this thread is inside: only the outermost is timed (nested ones are part of its time). */
	private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

	/** Runs {@code split}, the parallel range of {@code body} over n indices, timing it if it is outermost. */
	static void time(int n, Object body, Runnable split) {
		int[] depth = DEPTH.get();
		if (depth[0] > 0) {
			split.run();
			return;
		}
		long t0 = System.nanoTime();
		nested(split);
		record(body.getClass(), n, System.nanoTime() - t0);
	}

	/** Runs a range's work (or a chunk of it) as inside a range. */
	static void nested(Runnable work) {
		int[] depth = DEPTH.get();
		depth[0]++;
		try {
			work.run();
		}
		finally {
			depth[0]--;
		}
	}

	private static void record(Class<?> body, int n, long nanos) {
		long[] v = STATS.computeIfAbsent(body, k -> {
			SITE.get(k); // name it now, while its creator is on the stack
			return new long[3];
		});
		synchronized (v) {
			v[0]++;
			v[1] += nanos;
			v[2] += n;
		}
	}

	/** Forgets what was recorded (the benchmark calls it after the warm-up). */
	public static void reset() {
		STATS.clear();
	}

	/** One line per call site, most time first, and the total; empty when profiling is off. */
	public static String report(double wallMs) {
		if (!ON) return "";
		StringBuilder sb = new StringBuilder();
		long total = 0;
		for (long[] v : STATS.values()) total += v[1];
		sb.append(String.format(Locale.ROOT, "# ranges: %.1f ms of %.1f ms wall in top-level parallel ranges, %.1f ms " +
			"(%.0f%%) outside them%n", total / 1e6, wallMs, wallMs - total / 1e6, 100 * (wallMs - total / 1e6) / wallMs));
		STATS.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(25)
			.forEach(e -> {
				long[] v = e.getValue();
				sb.append(String.format(Locale.ROOT, "# ranges: %8.1f ms %6d calls %8.1f us/call %9d indices/call  %s%n",
					v[1] / 1e6, v[0], v[1] / 1e3 / v[0], v[2] / v[0], SITE.get(e.getKey())));
			});
		return sb.toString();
	}
}

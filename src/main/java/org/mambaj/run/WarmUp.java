package org.mambaj.run;

import java.io.IOException;

import org.mambaj.core.Parallel;
import org.mambaj.image.Progress;
import org.mambaj.image.Raster;
import org.mambaj.io.ChannelMode;
import org.mambaj.zoo.ModelRegistry;
import org.mambaj.zoo.ModelInfo;

/**
 * Gets a model ready for the first click while the user is still in the dialog: loads it into the registry and
 * runs it a few times on a small synthetic image, through the same pipeline as a real run, so that HotSpot has
 * compiled its kernels. In a fresh JVM the first full-size inference otherwise takes 3-4x the warm time (the
 * U-Mamba nuclei model at 512x512: about 3 s instead of 0.8 s; after three 64x64 runs, 0.9-1.1 s: BENCHMARKS.md).
 *
 * One background daemon thread on a one-thread pool, so a core stays free for the user interface and the compiler.
 * It is only ever a head start: its errors are dropped (the real run meets and reports the same problem), and
 * {@link #close} stops it and waits for the small inference in flight, so that the real run never shares the
 * network with it.
 */
public final class WarmUp implements AutoCloseable {

	/** Edge of the synthetic image: small enough to take well under a second, large enough to reach every loop. */
	static final int SIZE = 64;
	/** Three small runs gave the same first full-size inference as eight (BENCHMARKS.md). */
	static final int RUNS = 3;

	private final Thread thread;
	private volatile boolean stopped;
	private volatile int runs;

	private WarmUp(ModelRegistry registry, RunOptions options, Runnable whenReady) {
		thread = new Thread(() -> {
			if (warm(registry, options)) whenReady.run();
		}, "MambaJ warm-up");
		thread.setDaemon(true);
		thread.setPriority(Thread.MIN_PRIORITY);
	}

	/** Starts warming {@code options.model()} on {@code options.engine()} in the background. */
	public static WarmUp start(ModelRegistry registry, RunOptions options) {
		return start(registry, options, () -> {});
	}

	/** {@link #start(ModelRegistry, RunOptions)}; {@code whenReady} runs on its thread once all its runs are done. */
	public static WarmUp start(ModelRegistry registry, RunOptions options, Runnable whenReady) {
		WarmUp w = new WarmUp(registry, options, whenReady);
		w.thread.start();
		return w;
	}

	/** How many synthetic inferences have finished. */
	public int runs() {
		return runs;
	}

	/** Asks it to stop after the inference in flight, without waiting (e.g. when the user picks another model). */
	public void stop() {
		stopped = true;
	}

	/** Stops it and waits until it has let go of the model. */
	@Override
	public void close() {
		stopped = true;
		boolean interrupted = false;
		while (thread.isAlive()) {
			try {
				thread.join();
			}
			catch (InterruptedException e) {
				interrupted = true; // the real run must not start while the warm-up still uses the network
			}
		}
		if (interrupted) Thread.currentThread().interrupt();
	}

	/** True when every run was done. */
	private boolean warm(ModelRegistry registry, RunOptions options) {
		try (Parallel one = new Parallel(1)) {
			ModelInfo info = registry.find(options.model());
			ModelRunner runner = new ModelRunner(registry);
			Raster image = syntheticImage(registry, options);
			Progress stopWhenAsked = new Progress() {
				@Override public boolean isCancelled() {
					return stopped;
				}
			};
			for (int i = 0; i < RUNS && !stopped; i++) {
				one.call(() -> {
					switch (info.task()) {
						case "classification" -> runner.classify(image, options);
						case "segmentation" -> runner.segment(image, options, SegmentOutput.AUTO, stopWhenAsked);
						case "denoising" -> runner.denoise(image, options, stopWhenAsked);
						default -> stopped = true; // a task MambaJ has no command for: nothing to prepare
					}
					return null;
				});
				runs++;
			}
			return runs == RUNS;
		}
		catch (IOException | RuntimeException e) {
			return false; // dropped on purpose: the real run reports the same problem with its own message
		}
	}

	/** A textured 8-bit image with the channels the model reads. */
	private static Raster syntheticImage(ModelRegistry registry, RunOptions options) throws IOException {
		ChannelMode mode;
		try (ModelRegistry.Lease lease = registry.use(options.model(), options.engine())) {
			mode = lease.predictor().channelMode();
		}
		int channels = mode == ChannelMode.GREY ? 1 : 3;
		Raster r = Raster.allocate(Raster.Type.U8, channels, SIZE, SIZE);
		long seed = 0x9E3779B97F4A7C15L;
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < SIZE * SIZE; i++) {
				seed = seed * 6364136223846793005L + 1442695040888963407L;
				r.set(c, i, (seed >>> 56) & 0xff);
			}
		return r;
	}
}

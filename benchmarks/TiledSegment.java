import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import org.mambaj.core.Parallel;
import org.mambaj.image.Plane;
import org.mambaj.image.Progress;
import org.mambaj.run.ModelRunner;
import org.mambaj.run.RunOptions;
import org.mambaj.run.SegmentOutput;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;

/**
 * A whole tiled segmentation in one JVM, without the command line's image reading and writing: ModelRunner.segment
 * (labels) of a random 3-channel SIZE x SIZE image with a bundled model, on a pool of THREADS workers, RUNS times
 * (the first is the warm-up). Run by benchmarks/tiled.sh after mvn compile.
 *
 *     TiledSegment THREADS SIZE TILE RUNS [MODEL]
 */
public class TiledSegment {

	public static void main(String[] a) throws Exception {
		int threads = Integer.parseInt(a[0]), size = Integer.parseInt(a[1]), tile = Integer.parseInt(a[2]);
		int runs = Integer.parseInt(a[3]);
		String model = a.length > 4 ? a[4] : "nuclei";
		Path tmp = Files.createTempDirectory("mambaj-tiled");
		ModelRegistry registry = new ModelRegistry(new BundledModels(TiledSegment.class.getClassLoader(),
			tmp.resolve("cache")), tmp.resolve("user"));
		ModelRunner runner = new ModelRunner(registry);
		Plane img = Plane.zeros(3, size, size);
		Random r = new Random(1);
		for (int i = 0; i < img.data().length; i++) img.data()[i] = r.nextFloat() * 255;
		RunOptions options = RunOptions.of(model).withEngine("java").withTiles(tile, -1);
		try (Parallel workers = new Parallel(threads)) {
			for (int run = 0; run < runs; run++) {
				long t0 = System.nanoTime();
				workers.call(() -> runner.segment(img, options, SegmentOutput.LABELS, Progress.NONE));
				System.out.printf(Locale.ROOT, "TILED\t%s\t%dx%d\ttile %d\tthreads %d\trun %d\t%.2f s%n", model, size, size,
					tile, threads, run, (System.nanoTime() - t0) / 1e9);
			}
		}
		System.exit(0); // the registry's cache folder is a temporary one
	}
}

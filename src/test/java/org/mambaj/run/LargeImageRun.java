package org.mambaj.run;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

import org.mambaj.fiji.ImgPlanes;
import org.mambaj.image.Plane;
import org.mambaj.image.Progress;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Segments a synthetic SIZE x SIZE 16-bit image with the Java engine, as a child JVM with a small heap started by
 * {@link LargeImageTest}. Prints "ok SECONDS TILES PEAK_HEAP_MB MASKED_FRACTION".
 */
public final class LargeImageRun {

	public static void main(String[] args) throws Exception {
		Path model = Path.of(args[0]);
		int size = Integer.parseInt(args[1]);
		Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(size, size);
		long i = 0;
		for (UnsignedShortType t : img) {
			long x = i % size, y = i / size;
			t.set((int) (((x / 50 + y / 50) % 2) * 1000 + (x * 7 + y * 13) % 100));
			i++;
		}
		long start = System.nanoTime();
		long[] tiles = { 0 };
		Progress counting = new Progress() {
			@Override
			public void update(long done, long total) {
				tiles[0] = total;
			}
		};
		try (ModelRegistry registry = new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(),
			model.resolveSibling("cache")), model.resolveSibling("none"))) {
			Plane mask = new ModelRunner(registry).segment(ImgPlanes.toPlane(img, false),
				RunOptions.of(model.toString()).withEngine("java").withTiles(256, 16), SegmentOutput.MASK, counting).plane();
			Img<FloatType> out = ImgPlanes.toImg(mask);
			double ones = 0;
			for (FloatType t : out) ones += t.get();
			long peak = 0;
			for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
				if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
			System.out.printf("ok %.1f %d %d %.3f%n", (System.nanoTime() - start) / 1e9, tiles[0], peak >> 20,
				ones / ((double) size * size));
		}
	}
}

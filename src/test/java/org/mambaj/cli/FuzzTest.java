package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.core.Tensor;
import org.mambaj.fiji.ij1.ImagePlusPlanes;
import org.mambaj.image.Plane;
import org.mambaj.io.Npy;
import org.mambaj.io.SafeTensors;
import org.mambaj.io.StateDict;
import org.mambaj.models.PackagedModel;
import org.mambaj.testing.Fuzzer;
import org.mambaj.testing.TestPackages;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.HostileInstallTestAccess;
import org.mambaj.zoo.ModelInfo;
import org.mambaj.zoo.ModelRegistry;

import ij.ImagePlus;
import ij.io.FileSaver;

/**
 * Seeded mutation fuzzing of every file MambaJ reads (issue 10): safetensors weights, .npy tensors, rdf.yaml,
 * package zips (through install) and images (through the command line's reader). Each case must end in a
 * correct result or a clear exception naming the input; never an Error, a hang or a file left outside its folder.
 * About a thousand cases run in CI (about 15 s); {@code -Dmambaj.fuzz.scale=40} runs 40 times as many (a long
 * campaign), {@code -Dmambaj.fuzz.seed=N} another sequence. The counts are printed and written to
 * target/fuzz-counts.txt.
 */
class FuzzTest {

	private static final List<Fuzzer.Counts> ALL = new ArrayList<>();

	@TempDir
	Path tmp;

	static Path temp() {
		return Path.of(System.getProperty("java.io.tmpdir"));
	}

	private static void check(Fuzzer.Counts counts) {
		synchronized (ALL) {
			ALL.add(counts);
		}
		System.out.println("fuzz " + counts);
		for (String f : counts.failures().subList(0, Math.min(50, counts.failures().size()))) System.out.println("  " + f);
		assertTrue(counts.failures().isEmpty(), counts + ":\n" + String.join("\n", counts.failures().subList(0,
			Math.min(10, counts.failures().size()))));
		assertEquals(counts.cases(), counts.accepted() + counts.refused());
	}

	@AfterAll
	static void writeCounts() throws IOException {
		Path target = Path.of("target");
		if (!Files.isDirectory(target)) return;
		StringBuilder s = new StringBuilder("seed " + Fuzzer.seed() + "\n");
		for (Fuzzer.Counts c : ALL) s.append(c).append('\n');
		Files.writeString(target.resolve("fuzz-counts.txt"), s.toString());
	}

	/** The header's text length, so mutations go mostly there. */
	private static int safetensorsText(byte[] b) {
		return b.length < 8 ? 0 : (int) Math.min(b.length, 8 + (b[0] & 0xFF) + ((b[1] & 0xFF) << 8) + ((b[2] & 0xFF) << 16));
	}

	@Test
	void safetensors() throws Exception {
		Path pkg = TestPackages.write(TestPackages.CLASSIFIER, tmp.resolve("seed"));
		byte[] seed = Files.readAllBytes(pkg.resolve("weights.safetensors"));
		check(Fuzzer.run("safetensors", seed, safetensorsText(seed), "w.safetensors", Fuzzer.cases(300), tmp, null, f -> {
			StateDict sd = StateDict.load(f);
			for (String key : sd.keys()) {
				Tensor t = sd.take(key);
				long n = 1;
				for (int d : t.shape()) n *= d;
				if (n != t.data().length) throw new AssertionError("shape and data disagree for " + key);
			}
			Map<String, String> meta = SafeTensors.readMetadata(f);
			if (meta == null) throw new AssertionError("no metadata map");
		}));
	}

	@Test
	void npy() throws Exception {
		Path pkg = TestPackages.write(TestPackages.SEGMENTER, tmp.resolve("seed"));
		byte[] seed = Files.readAllBytes(pkg.resolve("test_input.npy"));
		check(Fuzzer.run("npy", seed, Math.min(seed.length, 128), "t.npy", Fuzzer.cases(300), tmp, null, f -> {
			Tensor t = Npy.read(f);
			long n = 1;
			for (int d : t.shape()) n *= d;
			if (n != t.data().length) throw new AssertionError("shape and data disagree");
		}));
	}

	@Test
	void rdfYaml() throws Exception {
		for (String name : List.of(TestPackages.CLASSIFIER, TestPackages.DENOISER)) {
			Path pkg = TestPackages.write(name, tmp.resolve("seed"));
			byte[] seed = Files.readAllBytes(pkg.resolve("rdf.yaml"));
			check(Fuzzer.run("rdf-" + name, seed, seed.length, "rdf.yaml", Fuzzer.cases(25), tmp, temp(), folder -> {
				try (Stream<Path> files = Files.list(pkg)) {
					for (Path p : (Iterable<Path>) files::iterator)
						if (!p.getFileName().toString().equals("rdf.yaml")) Files.copy(p, folder.resolve(p.getFileName()));
				}
			}, f -> {
				try (PackagedModel m = PackagedModel.load(f.getParent(), "java")) {
					m.validate(ModelRegistry.VALIDATION_TOLERANCE);
				}
			}));
		}
	}

	@Test
	void packageZips() throws Exception {
		Path pkg = TestPackages.write(TestPackages.CLASSIFIER, tmp.resolve("seed"));
		byte[] seed = Files.readAllBytes(HostileInstallTestAccess.zip(pkg, tmp.resolve("seed/pkg.zip")));
		check(Fuzzer.run("zip", seed, seed.length, "pkg.zip", Fuzzer.cases(25), tmp, temp(), f -> {
			Path user = f.resolveSibling("user");
			try (ModelRegistry r = new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(),
				f.resolveSibling("cache")), user)) {
				try {
					ModelInfo m = r.install(f);
					if (!m.location().equals(user.resolve("pkg"))) throw new AssertionError("installed at " + m.location());
				}
				finally {
					List<String> left = Files.isDirectory(user) ? listing(user) : List.of();
					if (!left.isEmpty() && !left.equals(List.of("pkg"))) throw new AssertionError("user folder holds " + left);
				}
			}
		}));
	}

	@Test
	void images() throws Exception {
		ImagePlus grey = MainTest.grey(40, 36, 7);
		Path seeds = Files.createDirectories(tmp.resolve("seed"));
		assertTrue(new FileSaver(grey).saveAsTiff(seeds.resolve("a.tif").toString()));
		assertTrue(new FileSaver(grey).saveAsPng(seeds.resolve("a.png").toString()));
		for (String file : List.of("a.tif", "a.png")) {
			byte[] seed = Files.readAllBytes(seeds.resolve(file));
			check(Fuzzer.run("image-" + file, seed, Math.min(seed.length, 256), file, Fuzzer.cases(150), tmp, null, f -> {
				try {
					Plane p = ImagePlusPlanes.toPlane(ImageFiles.open(f));
					if (p.width() <= 0 || p.height() <= 0 || p.data().length != p.channels() * p.pixels())
						throw new AssertionError("inconsistent plane " + p);
				}
				catch (IOException | RuntimeException e) {
					// as the command line reports it: the file, then the message
					if (e.getMessage() == null) throw e;
					throw new IOException(f + ": " + e.getMessage(), e);
				}
			}));
		}
	}

	private static List<String> listing(Path folder) {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}

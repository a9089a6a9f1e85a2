package org.mambaj.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.core.Engines;
import org.mambaj.core.Tensor;
import org.mambaj.image.Plane;
import org.mambaj.image.Predictor;
import org.mambaj.image.Progress;
import org.mambaj.run.ModelRunner;
import org.mambaj.run.RunOptions;
import org.mambaj.run.SegmentOutput;
import org.mambaj.run.Segmentation;
import org.mambaj.testing.TestPackages;

/** Installs and look-ups under hostile input (issue 10, items 1, 2, 9 and 12). */
class HostileInstallTest {

	@TempDir
	Path tmp;

	private ModelRegistry registry() {
		return new ModelRegistry(new BundledModels(new URLClassLoader(new URL[0], null), tmp.resolve("cache")),
			tmp.resolve("user"));
	}

	static Path zip(Path folder, Path zip) throws IOException {
		Files.createDirectories(zip.getParent());
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.list(folder)) {
			for (Path p : (Iterable<Path>) files::iterator) {
				out.putNextEntry(new ZipEntry(p.getFileName().toString()));
				Files.copy(p, out);
				out.closeEntry();
			}
		}
		return zip;
	}

	@Test
	void aZipNamedOnlyDotZipIsRefusedAndTheInstalledModelsStay() throws Exception {
		try (ModelRegistry r = registry()) {
			r.install(TestPackages.write(TestPackages.DENOISER, tmp.resolve("downloads")));
			Path zip = zip(TestPackages.write(TestPackages.CLASSIFIER, tmp.resolve("staging")), tmp.resolve("evil/.zip"));
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.install(zip));
			assertTrue(e.getMessage().contains("cannot derive a model name"), e.getMessage());
			assertTrue(Files.isRegularFile(tmp.resolve("user/tiny-denoiser/rdf.yaml")), "installed model kept");
			assertEquals(1, r.list().size());
		}
	}

	@Test
	void anInstallSweepsWhatAKilledInstallLeftInTheModelsFolder() throws Exception {
		Path stale = Files.createDirectories(tmp.resolve("user/.tiny-denoiser.part-99999999-1"));
		Files.writeString(stale.resolve("weights.safetensors"), "half a model");
		try (ModelRegistry r = registry()) {
			r.install(TestPackages.write(TestPackages.DENOISER, tmp.resolve("downloads")));
		}
		try (Stream<Path> s = Files.list(tmp.resolve("user"))) {
			assertEquals(java.util.List.of("tiny-denoiser"), s.map(p -> p.getFileName().toString()).toList());
		}
	}

	@Test
	void aPackageWithoutTestTensorsIsNotInstalledAndDoesNotValidate() throws Exception {
		Path pkg = TestPackages.write(TestPackages.CLASSIFIER, tmp.resolve("downloads"));
		Path rdf = pkg.resolve("rdf.yaml");
		Files.writeString(rdf, Files.readString(rdf).replaceAll("(?m)^test_(in|out)puts:.*$", ""));
		try (ModelRegistry r = registry()) {
			IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.install(pkg));
			assertTrue(e.getMessage().contains("test_inputs"), e.getMessage());
			assertFalse(Files.exists(tmp.resolve("user/tiny-classifier")));
			assertThrows(IllegalStateException.class, () -> r.validate(pkg.toString(), "java"));
		}
	}

	@Test
	void aFolderInTheWorkingDirectoryDoesNotHideAnInstalledModel() throws Exception {
		Path cwd = Path.of("").toAbsolutePath();
		String name = "shadow-" + Long.toHexString(new Random().nextLong());
		Path shadow = Files.createDirectories(cwd.resolve(name));
		try (ModelRegistry r = registry()) {
			Path pkg = TestPackages.write(TestPackages.CLASSIFIER, tmp.resolve("downloads"));
			Files.move(pkg, pkg.resolveSibling(name));
			r.install(pkg.resolveSibling(name));
			assertEquals("user", r.find(name).origin());
			IOException e = assertThrows(IOException.class, () -> r.find("./" + name), "an explicit path means the folder");
			assertTrue(e.getMessage().contains(name), e.getMessage());
		}
		finally {
			Files.deleteIfExists(shadow);
		}
	}

	/** Reinstalling a model while it segments on TensorFlow: the run finishes on the old network, which then closes. */
	@Test
	void reinstallDuringARunKeepsTheRunningNetworkUntilItIsDone() throws Exception {
		Assumptions.assumeTrue(Engines.tensorFlowAvailable(), "TensorFlow is needed to see a closed graph");
		Path pkg = TestPackages.write(TestPackages.SEGMENTER, tmp.resolve("downloads"));
		try (ModelRegistry r = registry()) {
			r.install(pkg);
			Predictor before = r.predictor(TestPackages.SEGMENTER, "tensorflow");
			AtomicInteger installs = new AtomicInteger();
			Progress reinstall = new Progress() {
				@Override
				public boolean isCancelled() {
					try {
						if (installs.getAndIncrement() < 2) r.install(pkg);
					}
					catch (IOException e) {
						throw new AssertionError(e);
					}
					return false;
				}
			};
			float[] px = new float[128 * 128];
			Random random = new Random(1);
			for (int i = 0; i < px.length; i++) px[i] = random.nextFloat();
			Segmentation s = new ModelRunner(r).segment(new Plane(px, 1, 128, 128),
				RunOptions.of(TestPackages.SEGMENTER).withEngine("tensorflow").withTiles(64, 8), SegmentOutput.MASK, reinstall);
			assertTrue(installs.get() >= 2, "installed while the run went on");
			assertEquals(128 * 128, s.plane().data().length);
			IllegalStateException closed = assertThrows(IllegalStateException.class,
				() -> before.model().model().forward(Tensor.zeros(1, 32, 32, 1)),
				"the replaced network closes once its last run is done");
			assertTrue(closed.getMessage().contains("close"), closed.getMessage());
			assertTrue(r.predictor(TestPackages.SEGMENTER, "tensorflow") != before, "later runs get the new copy");
		}
	}
}

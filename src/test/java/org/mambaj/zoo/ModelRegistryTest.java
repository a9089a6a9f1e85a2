package org.mambaj.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.image.Predictor;
import org.mambaj.io.Npy;
import org.mambaj.core.Tensor;
import org.mambaj.testing.TestPackages;

class ModelRegistryTest {

	@TempDir
	Path tmp;

	private ModelRegistry registry(ClassLoader loader) {
		return new ModelRegistry(new BundledModels(loader, tmp.resolve("cache")), tmp.resolve("user"));
	}

	private static ClassLoader empty() {
		return new URLClassLoader(new URL[0], null);
	}

	@Test
	void bundledModelsAreExtractedFromTheJarOnceAndListed() throws Exception {
		Path jar = jarWithModels(TestPackages.SEGMENTER, TestPackages.CLASSIFIER);
		try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null);
			ModelRegistry r = registry(loader)) {
			List<ModelInfo> models = r.list();
			assertEquals(List.of("tiny-classifier", "tiny-segmenter"), models.stream().map(ModelInfo::name).toList());
			ModelInfo seg = models.get(1);
			assertEquals("segmentation", seg.task());
			assertEquals("bundled", seg.origin());
			assertEquals(0.5, ((Number) seg.metrics().get("dice")).doubleValue());
			assertTrue(seg.location().startsWith(tmp.resolve("cache")), "extracted to the cache: " + seg.location());
			assertEquals("Tiny segmenter", r.find("TINY SEGMENTER").title(), "rdf names work too, ignoring case");
			assertTrue(r.validate("tiny-segmenter", "java") < ModelRegistry.VALIDATION_TOLERANCE);
			try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
				assertEquals(1, s.count(), "one extraction folder, no leftovers");
			}
		}
	}

	@Test
	void noBundledModelsMeansAnEmptyListWithTheUserFolderNamed() throws Exception {
		try (ModelRegistry r = registry(empty())) {
			assertTrue(r.list().isEmpty());
			assertTrue(ModelListing.text(r).contains(tmp.resolve("user").toString()));
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.find("nuclei"));
			assertTrue(e.getMessage().contains("no model 'nuclei'"), e.getMessage());
		}
	}

	@Test
	void installValidatesCopiesAndThenFindsByName() throws Exception {
		Path pkg = TestPackages.write(TestPackages.DENOISER, tmp.resolve("downloads"));
		try (ModelRegistry r = registry(empty())) {
			ModelInfo m = r.install(pkg);
			assertEquals("tiny-denoiser", m.name());
			assertEquals("user", m.origin());
			assertTrue(Files.isRegularFile(tmp.resolve("user/tiny-denoiser/weights.safetensors")));
			assertEquals(List.of("tiny-denoiser"), r.list().stream().map(ModelInfo::name).toList());
			assertTrue(r.validate("tiny-denoiser", "java") < ModelRegistry.VALIDATION_TOLERANCE);
			try (Stream<Path> s = Files.list(tmp.resolve("user"))) {
				assertEquals(1, s.count(), "no temporary folders left");
			}
		}
	}

	@Test
	void zipPackageIsInstalledAsAFolder() throws Exception {
		Path folder = TestPackages.write(TestPackages.CLASSIFIER, tmp.resolve("downloads"));
		Path zip = tmp.resolve("downloads/My Classifier.zip");
		try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip));
			Stream<Path> files = Files.list(folder)) {
			for (Path p : (Iterable<Path>) files::iterator) {
				out.putNextEntry(new java.util.zip.ZipEntry("tiny-classifier/" + p.getFileName()));
				Files.copy(p, out);
				out.closeEntry();
			}
		}
		try (ModelRegistry r = registry(empty())) {
			ModelInfo m = r.install(zip);
			assertEquals("My_Classifier", m.name());
			assertTrue(Files.isRegularFile(tmp.resolve("user/My_Classifier/rdf.yaml")));
			assertEquals("classification", r.find("my_classifier").task());
		}
	}

	@Test
	void packageWhoseTestOutputDiffersIsNotInstalled() throws Exception {
		Path pkg = TestPackages.write(TestPackages.SEGMENTER, tmp.resolve("downloads"));
		Tensor expected = Npy.read(pkg.resolve("test_output.npy"));
		float[] wrong = expected.data().clone();
		for (int i = 0; i < wrong.length; i++) wrong[i] += 1;
		Npy.write(pkg.resolve("test_output.npy"), new Tensor(wrong, expected.shape()));
		try (ModelRegistry r = registry(empty())) {
			IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.install(pkg));
			assertTrue(e.getMessage().contains("differs"), e.getMessage());
			assertFalse(Files.exists(tmp.resolve("user/tiny-segmenter")));
		}
	}

	@Test
	void truncatedWeightsAreRejectedAndListedAsUnreadable() throws Exception {
		Path pkg = TestPackages.write(TestPackages.CLASSIFIER, tmp.resolve("user"));
		Path weights = pkg.resolve("weights.safetensors");
		byte[] bytes = Files.readAllBytes(weights);
		Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
		try (ModelRegistry r = registry(empty())) {
			assertEquals(1, r.list().size(), "rdf.yaml is readable, so it is listed");
			IOException e = assertThrows(IOException.class, () -> r.predictor("tiny-classifier", "java"));
			assertTrue(e.getMessage().contains("weights.safetensors"), e.getMessage());
			Files.writeString(pkg.resolve("rdf.yaml"), "name: [unclosed");
			assertTrue(r.list().isEmpty());
			assertTrue(r.problems().get(0).contains("rdf.yaml"), r.problems().toString());
		}
	}

	@Test
	void predictorsAreLoadedOncePerModelAndEngineAcrossThreads() throws Exception {
		Path pkg = TestPackages.write(TestPackages.CLASSIFIER, tmp);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try (ModelRegistry r = registry(empty())) {
			List<Future<Predictor>> all = pool.invokeAll(java.util.Collections.nCopies(8, () -> r.predictor(pkg.toString(), "java")));
			Predictor first = all.get(0).get();
			for (Future<Predictor> f : all) assertSame(first, f.get());
			assertSame(first, r.predictor(pkg.resolve(".").toString(), "JAVA"), "same package by another path");
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void unknownEngineIsRefused() throws Exception {
		Path pkg = TestPackages.write(TestPackages.CLASSIFIER, tmp);
		try (ModelRegistry r = registry(empty())) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.predictor(pkg.toString(), "cuda"));
			assertTrue(e.getMessage().contains("unknown engine 'cuda'"), e.getMessage());
		}
	}

	private Path jarWithModels(String... names) throws IOException {
		Path staging = tmp.resolve("staging");
		for (String n : names) TestPackages.write(n, staging);
		Path jar = tmp.resolve("MambaJ_.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(staging)) {
			for (Path p : (Iterable<Path>) files.sorted()::iterator) {
				String name = BundledModels.RESOURCE + "/" + staging.relativize(p).toString().replace('\\', '/');
				if (Files.isDirectory(p)) {
					out.putNextEntry(new JarEntry(name.endsWith("/") ? name : name + "/"));
				}
				else {
					out.putNextEntry(new JarEntry(name));
					Files.copy(p, (OutputStream) out);
				}
				out.closeEntry();
			}
		}
		return jar;
	}
}

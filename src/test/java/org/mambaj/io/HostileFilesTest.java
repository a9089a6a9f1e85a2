package org.mambaj.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.core.Tensor;
import org.mambaj.image.Plane;
import org.mambaj.run.ModelRunner;
import org.mambaj.run.RunOptions;
import org.mambaj.testing.TestPackages;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;

/** Issue 10, items 3 (silent NaN) and 10 (links out of a folder package). */
class HostileFilesTest {

	@TempDir
	Path tmp;

	private ModelRegistry registry() {
		return new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(), tmp.resolve("cache")), tmp.resolve("user"));
	}

	@Test
	void finiteButExtremeWeightsGiveAnErrorNamingTheModelNotNaNClasses() throws Exception {
		Path pkg = TestPackages.write(TestPackages.CLASSIFIER, tmp);
		Path weights = pkg.resolve("weights.safetensors");
		Map<String, Tensor> scaled = new LinkedHashMap<>();
		for (Map.Entry<String, Tensor> e : SafeTensors.read(weights).entrySet()) {
			float[] d = e.getValue().data().clone();
			if (e.getKey().startsWith("head.")) for (int i = 0; i < d.length; i++) d[i] = Math.copySign(3e38f, d[i]);
			scaled.put(e.getKey(), new Tensor(d, e.getValue().shape()));
		}
		SafeTensors.write(weights, scaled, null);
		float[] px = new float[64 * 64];
		for (int i = 0; i < px.length; i++) px[i] = (i * 7919) % 255;
		try (ModelRegistry r = registry()) {
			ArithmeticException e = assertThrows(ArithmeticException.class, () -> new ModelRunner(r).classify(
				new Plane(px, 1, 64, 64), RunOptions.of(pkg.toString()).withEngine("java")));
			assertTrue(e.getMessage().contains("Tiny classifier") && e.getMessage().contains("overflow"), e.getMessage());
		}
	}

	@Test
	void aWeightsFileLinkingOutOfThePackageIsRefused() throws Exception {
		Path pkg = TestPackages.write(TestPackages.CLASSIFIER, tmp.resolve("downloads"));
		Path outside = Files.move(pkg.resolve("weights.safetensors"), tmp.resolve("secret.safetensors"));
		Files.createSymbolicLink(pkg.resolve("weights.safetensors"), outside);
		ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage.open(pkg));
		assertTrue(e.getMessage().contains("outside the package"), e.getMessage());
	}

	@Test
	void anyOtherLinkInAFolderPackageStopsTheInstall() throws Exception {
		Path pkg = TestPackages.write(TestPackages.CLASSIFIER, tmp.resolve("downloads"));
		Path secret = Files.writeString(tmp.resolve("secret.txt"), "password");
		Files.createSymbolicLink(pkg.resolve("notes.txt"), secret);
		try (ModelRegistry r = registry()) {
			ModelPackageException e = assertThrows(ModelPackageException.class, () -> r.install(pkg));
			assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains("symbolic link"), e.getMessage());
		}
		assertFalse(Files.exists(tmp.resolve("user/tiny-classifier")), "nothing installed");
		try (var s = Files.list(tmp.resolve("user"))) {
			assertTrue(s.findAny().isEmpty(), "no half-copied folder left");
		}
	}
}

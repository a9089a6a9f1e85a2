package org.mambaj.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.mambaj.run.About;

/**
 * target/update-site, built by `mvn package`, is exactly what a MambaJ Fiji update site uploads: one plugin jar
 * (models, sample images, plugins.config inside; no TensorFlow), nothing in jars/, the example macros as
 * Plugins > MambaJ > Examples, and the launcher file for the vector kernels.
 */
class UpdateSiteIT {

	static final Path TARGET = Path.of(System.getProperty("mambaj.target", "target"));
	static final Path ROOT = Path.of(System.getProperty("mambaj.root", "."));
	static final Path SITE = TARGET.resolve("update-site");

	static final Map<String, String> EXAMPLES = Map.of("Segment_Nuclei.ijm", "segment_nuclei.ijm",
		"Segment_Vessels.ijm", "segment_vessels.ijm", "Segment_Membranes.ijm", "segment_membranes.ijm",
		"Denoise_Cells.ijm", "denoise.ijm",
		"Classify_Image.ijm", "classify.ijm", "Batch_Segment_Folder.ijm", "batch_segment_folder.ijm");

	@Test
	void exactlyThePluginTheMacrosAndTheLauncherFile() throws IOException {
		String jar = "plugins/MambaJ_-" + About.version() + ".jar";
		TreeSet<String> expected = new TreeSet<>(List.of(jar, "config/jaunch/extra-mambaj.toml"));
		EXAMPLES.keySet().forEach(m -> expected.add("scripts/Plugins/MambaJ/Examples/" + m));
		assertEquals(expected, files(SITE), "the update site's files");
		assertFalse(Files.exists(SITE.resolve("jars")), "nothing in jars/: Fiji has every dependency");
	}

	@Test
	void macrosAndLauncherFileAreTheRepositorysOwn() throws IOException {
		for (Map.Entry<String, String> e : EXAMPLES.entrySet())
			assertArrayEquals(Files.readAllBytes(ROOT.resolve("macros").resolve(e.getValue())),
				Files.readAllBytes(SITE.resolve("scripts/Plugins/MambaJ/Examples").resolve(e.getKey())), e.getKey());
		assertArrayEquals(Files.readAllBytes(ROOT.resolve("config/jaunch/extra-mambaj.toml")),
			Files.readAllBytes(SITE.resolve("config/jaunch/extra-mambaj.toml")));
	}

	@Test
	void thePluginJarHasMenusModelsAndSamplesButNoTensorFlow() throws IOException {
		try (ZipFile jar = new ZipFile(SITE.resolve("plugins/MambaJ_-" + About.version() + ".jar").toFile())) {
			List<String> names = jar.stream().map(ZipEntry::getName).toList();
			for (String n : names) {
				assertFalse(n.startsWith("org/tensorflow/") || n.startsWith("org/bytedeco/") || n.startsWith("com/google/protobuf/"),
					"TensorFlow must not be in the Fiji jar: " + n);
				assertFalse(n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib"), "native library in the jar: " + n);
			}
			String config = new String(jar.getInputStream(jar.getEntry("plugins.config")).readAllBytes(), StandardCharsets.UTF_8);
			for (String entry : List.of("\"MambaJ Segment...\"", "\"About MambaJ\"", "File>Open Samples>MambaJ"))
				assertTrue(config.contains(entry), "plugins.config lacks " + entry);
			for (String sample : List.of("dsb2018/175dbb364bfe_fluorescence.png", "skimage/ihc.png", "skimage/retina.jpg", "skimage/cell.png", "pneumoniamnist/train_3_pneumonia.png", "busi/malignant_100.png")) {
				assertNotNull(jar.getEntry("mambaj-samples/" + sample), sample);
				assertTrue(config.contains("SamplePlugin(\"" + sample + "\")"), "no Open Samples entry for " + sample);
			}
			assertNotNull(jar.getEntry("mambaj-samples/skimage/copyright.txt"));
			assertNotNull(jar.getEntry("mambaj-models/nuclei/rdf.yaml"), "the shipped models are bundled");
			assertNotNull(jar.getEntry("org/mambaj/core/TensorFlowEngine.class"), "the optional engine's class stays (it links lazily)");
			String version = new String(jar.getInputStream(jar.getEntry("org/mambaj/run/version.properties")).readAllBytes(),
				StandardCharsets.UTF_8);
			assertTrue(version.contains("version=" + About.version()) && !version.contains("${"), version);
		}
	}

	private static TreeSet<String> files(Path root) throws IOException {
		try (Stream<Path> all = Files.walk(root)) {
			return all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
				.collect(java.util.stream.Collectors.toCollection(TreeSet::new));
		}
	}
}

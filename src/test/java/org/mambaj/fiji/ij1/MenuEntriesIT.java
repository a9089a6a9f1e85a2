package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.Menu;
import java.awt.MenuItem;

import org.mambaj.run.About;

import ij.Menus;
import ij.Prefs;
import ij.WindowManager;
import ij.text.TextWindow;

/**
 * The jar's plugins.config puts the commands and About under Plugins > MambaJ and the samples under File > Open
 * Samples > MambaJ, each exactly once; the sample entries open the images inside the jar, About shows its report.
 */
@ExtendWith(ImageJSession.Fresh.class)
class MenuEntriesIT {

	static final Map<String, String> SAMPLES = Map.of(
		"Nuclei - 175dbb364bfe_fluorescence.png (MambaJ)", "175dbb364bfe_fluorescence.png 696x520",
		"IHC - ihc.png (MambaJ)", "ihc.png 512x512",
		"Retina - retina.jpg (MambaJ)", "retina.jpg 1411x1411",
		"Noisy cells - cell.png (MambaJ)", "cell.png 550x660",
		"Chest X-ray - train_3_pneumonia.png (MambaJ)", "train_3_pneumonia.png 28x28",
		"Breast ultrasound - malignant_100.png (MambaJ)", "malignant_100.png 256x256");

	@Test
	void entriesUnderPluginsMambaJAndOpenSamples() {
		@SuppressWarnings("unchecked")
		Hashtable<String, String> commands = Menus.getCommands();
		Map<String, String> expected = Map.of(
			"MambaJ Classify...", ClassifyPlugin.class.getName(),
			"MambaJ Segment...", SegmentPlugin.class.getName(),
			"MambaJ Denoise...", DenoisePlugin.class.getName(),
			"MambaJ Models...", ModelsPlugin.class.getName(),
			"About MambaJ", AboutPlugin.class.getName());
		expected.forEach((label, className) -> assertEquals(className, commands.get(label), label));
		SAMPLES.keySet().forEach(label -> assertTrue(commands.get(label).startsWith(SamplePlugin.class.getName() + "(\""), label));
		long ours = commands.values().stream().filter(c -> c.startsWith("org.mambaj.")).count();
		assertEquals(expected.size() + SAMPLES.size(), ours, "MambaJ entries in the menus (a SciJava menuPath would add more)");
		Menu samples = findMenu(Menus.getMenuBar().getMenu(0), "MambaJ");
		assertNotNull(samples, "File > Open Samples > MambaJ");
		assertEquals(SAMPLES.size(), samples.getItemCount());
	}

	@Test
	void sampleEntriesOpenTheImagesInsideTheJar() {
		try {
			for (Map.Entry<String, String> e : SAMPLES.entrySet()) {
				String info = ImageJSession.macro("run(\"" + e.getKey() + "\"); return getTitle() + \" \" + getWidth() + \"x\" + getHeight();");
				assertEquals(e.getValue(), info, e.getKey());
			}
		}
		finally {
			ImageJSession.closeImages();
		}
	}

	@Test
	void aboutShowsVersionEngineThreadsAndModels() {
		ImageJSession.macro("run(\"About MambaJ\");");
		TextWindow w = (TextWindow) WindowManager.getWindow(AboutPlugin.TITLE);
		assertNotNull(w, "the About window");
		try {
			String text = w.getTextPanel().getText();
			assertTrue(text.contains("MambaJ " + About.version()), text);
			assertTrue(text.contains("Threads: " + Prefs.getThreads() + " (Edit > Options > Memory & Threads)"), text);
			assertTrue(text.contains("tiny-nuclei"), text);
		}
		finally {
			w.close();
		}
	}

	private static Menu findMenu(Menu parent, String label) {
		for (int i = 0; i < parent.getItemCount(); i++) {
			MenuItem item = parent.getItem(i);
			if (!(item instanceof Menu m)) continue;
			if (m.getLabel().equals(label)) return m;
			Menu found = findMenu(m, label);
			if (found != null) return found;
		}
		return null;
	}
}

package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Choice;
import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.KeyEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ij.IJ;
import ij.gui.GenericDialog;

/**
 * Each menu entry opens its dialog, generated from the SciJava command's parameters, and Cancel leaves
 * everything as it was. The dialogs and the menu are photographed into target/screenshots/ (the pictures of
 * docs/images come from there).
 */
@ExtendWith(ImageJSession.Fresh.class)
class DialogsIT {

	static final Path SHOTS = Path.of("target", "screenshots");
	static final List<String> SHIPPED = List.of("nuclei", "chest-xray-pneumonia", "widefield-denoise");

	@Test
	void segmentDialog() {
		dialog("MambaJ Segment", "segment-dialog.png", "Model", "Engine", "Normalize", "Low", "High", "Tile", "Overlap",
			"Output", "Add to manager");
	}

	/**
	 * While the dialog is open, the model it shows is loaded and run on a small image in the background (the first
	 * click in a fresh JVM would otherwise wait for the JIT); OK then runs as usual.
	 */
	@Test
	void theDialogPreparesTheShownModelWhileOpen() {
		assertTimeoutPreemptively(Duration.ofSeconds(150), () -> {
			ImageJSession.macro("open(\"" + MacrosIT.SAMPLES + "/skimage/ihc.png\");");
			int[] before = ImageJSession.ids();
			IJ.doCommand("MambaJ Segment...");
			GenericDialog gd = Dialogs.await("MambaJ Segment", 30);
			String model = ((Choice) gd.getChoices().get(0)).getSelectedItem();
			String ready = "MambaJ: " + model + " is ready";
			long deadline = System.currentTimeMillis() + 90_000;
			while (!ready.equals(ij.ImageJ.getStatusBarText()) && System.currentTimeMillis() < deadline) Thread.sleep(20);
			assertEquals(ready, ij.ImageJ.getStatusBarText(), "the warm-up of " + model + " finished while the dialog was open");
			Dialogs.ok(gd);
			while (ImageJSession.ids().length == before.length && System.currentTimeMillis() < deadline + 30_000) Thread.sleep(100);
			assertEquals(before.length + 1, ImageJSession.ids().length, "OK after the warm-up shows the result");
		});
	}

	@Test
	void classifyDialog() {
		dialog("MambaJ Classify", "classify-dialog.png", "Model", "Engine", "Normalize", "Label image");
	}

	@Test
	void denoiseDialog() {
		dialog("MambaJ Denoise", "denoise-dialog.png", "Model", "Engine", "Tile", "Overlap");
	}

	@Test
	void modelsDialog() {
		dialog("MambaJ Models", "models-dialog.png", "Action", "Model", "Architecture", "Engine");
	}

	@Test
	void pluginsMenu() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			Frame ij = IJ.getInstance();
			ij.toFront();
			Rectangle bounds = ij.getBounds();
			Robot robot = new Robot();
			Menus.open(robot, ij, "Plugins", "MambaJ");
			Screens.capture(new Rectangle(bounds.x, bounds.y, Math.max(bounds.width, 660), 270), SHOTS.resolve("plugins-menu.png"));
			Menus.key(robot, KeyEvent.VK_ESCAPE);
			Menus.key(robot, KeyEvent.VK_ESCAPE);
			Menus.key(robot, KeyEvent.VK_ESCAPE);
		});
	}

	@Test
	void aboutWindow() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			ImageJSession.macro("run(\"About MambaJ\");");
			java.awt.Window w = (java.awt.Window) ij.WindowManager.getWindow(AboutPlugin.TITLE);
			try {
				w.toFront();
				Screens.capture(w.getBounds(), SHOTS.resolve("about.png"));
			}
			finally {
				w.dispose();
				ij.WindowManager.removeWindow(w);
			}
		});
	}

	/** Opens the entry as a user does (no macro options), checks its fields, photographs it and cancels it. */
	static void dialog(String title, String png, String... labels) {
		assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
			ImageJSession.macro("open(\"" + MacrosIT.SAMPLES + "/skimage/ihc.png\");");
			int[] before = ImageJSession.ids();
			IJ.doCommand(title + "...");
			GenericDialog gd = Dialogs.await(title, 30);
			String text = Screens.labels(gd);
			for (String label : labels) assertTrue(text.contains(label), "field '" + label + "' in " + text);
			Dialogs.choose(gd, SHIPPED, Map.of()); // the pictures show a real model where one is installed
			Thread.sleep(1000); // placed and painted
			gd.toFront();
			Screens.capture(gd.getBounds(), SHOTS.resolve(png));
			Dialogs.cancel(gd);
			Thread.sleep(500);
			assertArrayEquals(before, ImageJSession.ids(), "Cancel creates nothing");
		});
	}
}

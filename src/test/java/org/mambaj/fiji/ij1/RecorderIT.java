package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.TextArea;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

/**
 * A user runs MambaJ Segment from the menu and fills its dialog while the Recorder is on; the recorded line,
 * run as a macro, gives the same output: the dialog's keys are the macro's keys.
 */
@ExtendWith(ImageJSession.Fresh.class)
class RecorderIT {

	@AfterEach
	void stopRecording() {
		Recorder.record = false;
	}

	@Test
	void recordedSegmentLineReplaysToTheSameMask() {
		assertTimeoutPreemptively(Duration.ofSeconds(240), () -> {
			ImageJSession.macro("newImage(\"blobs\", \"8-bit ramp\", 96, 64, 1);");
			new Recorder(false);
			Recorder.record = true;
			IJ.doCommand("MambaJ Segment...");
			GenericDialog gd = Dialogs.await("MambaJ Segment", 30);
			Dialogs.choose(gd, List.of("tiny-segmenter", "java", "mask"), Map.of());
			Dialogs.ok(gd);
			ImagePlus recorded = awaitImage("blobs-mask", 120);
			String line = recordedLine("MambaJ Segment...");
			Recorder.record = false;
			System.out.println("Recorded: " + line);
			assertTrue(line.contains("model=tiny-segmenter"), line);
			assertTrue(line.contains("engine=java"), line);
			assertTrue(line.contains("output=mask"), line);
			byte[] first = ((byte[]) recorded.getProcessor().getPixels()).clone();
			recorded.changes = false;
			recorded.close();

			ImageJSession.macro("selectImage(\"blobs\");\n" + line);
			ImagePlus replayed = awaitImage("blobs-mask", 120);
			assertEquals(recorded.getWidth(), replayed.getWidth());
			assertArrayEquals(first, (byte[]) replayed.getProcessor().getPixels(), "replay gives the same mask");
		});
	}

	static ImagePlus awaitImage(String title, int seconds) throws InterruptedException {
		long deadline = System.currentTimeMillis() + seconds * 1000L;
		while (System.currentTimeMillis() < deadline) {
			ImagePlus imp = WindowManager.getImage(title);
			if (imp != null) return imp;
			Thread.sleep(100);
		}
		throw new AssertionError("no image '" + title + "' after " + seconds + " s; log:\n" + ImageJSession.log());
	}

	/** The last line the Recorder wrote for {@code command}, waiting for it to appear. */
	static String recordedLine(String command) throws Exception {
		Field f = Recorder.class.getDeclaredField("textArea");
		f.setAccessible(true);
		long deadline = System.currentTimeMillis() + 30_000;
		while (System.currentTimeMillis() < deadline) {
			TextArea text = (TextArea) f.get(null);
			assertNotNull(text, "the Recorder has no text area");
			String found = null;
			for (String l : text.getText().split("\n")) if (l.contains("run(\"" + command + "\"")) found = l.strip();
			if (found != null) return found;
			Thread.sleep(100);
		}
		throw new AssertionError("the Recorder wrote no line for " + command);
	}
}

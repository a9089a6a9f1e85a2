package org.mambaj.fiji.ij1;

import java.awt.Component;
import java.awt.Container;
import java.awt.Label;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextComponent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Reading and photographing AWT windows for the GUI tests and the documentation's screenshots. */
final class Screens {

	private Screens() {}

	/** The texts of the labels and text fields inside a container, for failure messages. */
	static String text(Container c) {
		StringBuilder s = new StringBuilder();
		for (Component child : c.getComponents()) {
			if (child instanceof Label l) s.append(l.getText()).append(' ');
			else if (child instanceof TextComponent t) s.append(t.getText()).append(' ');
			else if (child instanceof Container inner) s.append(text(inner));
		}
		return s.toString().strip();
	}

	/** The labels of a dialog's fields and checkboxes, as shown. */
	static String labels(Container c) {
		StringBuilder s = new StringBuilder();
		for (Component child : c.getComponents()) {
			if (child instanceof Label l) s.append(l.getText()).append('|');
			else if (child instanceof java.awt.Checkbox b) s.append(b.getLabel()).append('|');
			else if (child instanceof Container inner) s.append(labels(inner));
		}
		return s.toString();
	}

	/** Saves the screen area of {@code bounds} as a PNG. */
	static void capture(Rectangle bounds, Path png) throws Exception {
		Robot robot = new Robot();
		robot.waitForIdle();
		Thread.sleep(300); // let the window paint
		BufferedImage shot = robot.createScreenCapture(bounds);
		Files.createDirectories(png.toAbsolutePath().getParent());
		if (!ImageIO.write(shot, "png", png.toFile())) throw new IOException("no PNG writer");
	}
}

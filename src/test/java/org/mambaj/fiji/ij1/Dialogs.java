package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.EventQueue;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.util.Map;

import ij.gui.GenericDialog;

/** Drives a GenericDialog the way a user does: waits for it, sets its fields, presses OK. */
final class Dialogs {

	private Dialogs() {}

	/** The showing dialog with this title, waiting up to {@code seconds}. */
	static GenericDialog await(String title, int seconds) throws InterruptedException {
		long deadline = System.currentTimeMillis() + seconds * 1000L;
		while (System.currentTimeMillis() < deadline) {
			for (Window w : Window.getWindows())
				if (w instanceof GenericDialog gd && gd.isShowing() && title.equals(gd.getTitle())) return gd;
			Thread.sleep(100);
		}
		fail("no dialog titled '" + title + "' appeared within " + seconds + " s");
		return null;
	}

	/**
	 * Selects, in each choice that offers it, the given item (e.g. "tiny-segmenter", "java", "mask"), and sets
	 * checkboxes by label.
	 */
	static void choose(GenericDialog gd, Iterable<String> items, Map<String, Boolean> checkboxes) throws Exception {
		EventQueue.invokeAndWait(() -> {
			for (Object o : gd.getChoices()) {
				Choice choice = (Choice) o;
				for (String item : items)
					for (int i = 0; i < choice.getItemCount(); i++) if (choice.getItem(i).equals(item)) choice.select(i);
			}
			if (gd.getCheckboxes() != null)
				for (Object o : gd.getCheckboxes()) {
					Checkbox box = (Checkbox) o;
					Boolean state = checkboxes.get(box.getLabel());
					if (state != null) box.setState(state);
				}
		});
	}

	/** Types into the numeric field at {@code index}. */
	static void number(GenericDialog gd, int index, double value) throws Exception {
		EventQueue.invokeAndWait(() -> ((TextField) gd.getNumericFields().get(index)).setText(String.valueOf(value)));
	}

	static void ok(GenericDialog gd) throws Exception {
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(gd.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK")));
	}

	static void cancel(GenericDialog gd) throws Exception {
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(gd.getButtons()[1], ActionEvent.ACTION_PERFORMED, "Cancel")));
	}
}

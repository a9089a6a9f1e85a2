package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Frame;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;

/** Opens an AWT menu of a frame with the mouse and keyboard, as a user does (for screenshots). */
final class Menus {

	/** Where X11's AWT draws menu bar entries: 10 px in, 22 px between labels. */
	private static final int LEFT = 10, GAP = 22;

	private Menus() {}

	/** Clicks menu {@code menu}, then opens its last item, which must be the submenu {@code submenu}. */
	static void open(Robot robot, Frame frame, String menu, String submenu) throws InterruptedException {
		MenuBar bar = frame.getMenuBar();
		Font font = bar.getFont() != null ? bar.getFont() : new Font("Dialog", Font.PLAIN, 12);
		FontMetrics fm = frame.getFontMetrics(font);
		int x = LEFT;
		Menu target = null;
		for (int i = 0; i < bar.getMenuCount() && target == null; i++) {
			Menu m = bar.getMenu(i);
			if (m.getLabel().equals(menu)) target = m;
			else x += fm.stringWidth(m.getLabel()) + GAP;
		}
		assertEquals(submenu, target.getItem(target.getItemCount() - 1).getLabel(), "the last item of " + menu);
		robot.mouseMove(frame.getX() + x + fm.stringWidth(menu) / 2, frame.getY() + frame.getInsets().top - 10);
		robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		Thread.sleep(500);
		key(robot, KeyEvent.VK_UP); // wraps to the last item
		key(robot, KeyEvent.VK_RIGHT); // opens the submenu
		Thread.sleep(500);
	}

	static void key(Robot robot, int code) throws InterruptedException {
		robot.keyPress(code);
		robot.keyRelease(code);
		Thread.sleep(200);
	}
}

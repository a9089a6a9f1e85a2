package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Dialog;
import java.awt.GraphicsEnvironment;
import java.awt.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mambaj.testing.TestPackages;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * One real ImageJ 1.x for all integration tests of this JVM (ImageJ is a singleton): the built MambaJ jar in
 * a temporary plugins folder, so the menu entries come from its plugins.config as in Fiji, and the test
 * model packages as the user models folder. Macros run on threads named "Run$_..." (the only ones whose
 * macro options ImageJ reads) under a watchdog: a modal dialog that would hang the run fails the test
 * instead, naming the dialog.
 */
final class ImageJSession {

	static final Duration MACRO_TIMEOUT = Duration.ofSeconds(600);

	private static ImageJ imageJ;

	private ImageJSession() {}

	/**
	 * For an integration test class ({@code @ExtendWith(ImageJSession.Fresh.class)}): ImageJ started (within a
	 * minute), and no modal dialog, image or log line from the test before; the class's own {@code @AfterEach}
	 * runs first.
	 */
	static final class Fresh implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

		@Override
		public void beforeAll(ExtensionContext context) {
			assertTimeoutPreemptively(Duration.ofSeconds(60), () -> start());
		}

		@Override
		public void beforeEach(ExtensionContext context) {
			clean();
		}

		@Override
		public void afterEach(ExtensionContext context) {
			clean();
		}

		private static void clean() {
			closeModalDialogs();
			closeImages();
			clearLog();
		}
	}

	static synchronized ImageJ start() throws IOException {
		if (imageJ != null) return imageJ;
		if (GraphicsEnvironment.isHeadless()) fail("The ImageJ 1.x integration tests need a display, and there is " +
			"none (java.awt.headless or no DISPLAY). Run them under a virtual one: xvfb-run -a mvn -B verify");
		Path jar = Path.of(System.getProperty("mambaj.jar", "target/MambaJ_.jar"));
		if (!Files.isRegularFile(jar)) fail("the packaged plugin jar is missing: " + jar + " (run `mvn verify`, which " +
			"packages it before the integration tests)");
		Path root = Files.createTempDirectory("mambaj-imagej");
		Path plugins = Files.createDirectories(root.resolve("plugins"));
		Files.copy(jar, plugins.resolve(jar.getFileName()));
		// read by ImageJ when it builds its menus, and by the model registry on first use: set both first
		System.setProperty("plugins.dir", root.toString());
		System.setProperty("mambaj.models", testModels(root.resolve("models")).toString());
		imageJ = new ImageJ();
		imageJ.setLocation(0, 0); // on screen whatever the virtual display's size (screenshots)
		return imageJ;
	}

	/** The tiny test packages (untrained networks: plumbing, not accuracy) as a user models folder. */
	private static Path testModels(Path folder) throws IOException {
		Files.createDirectories(folder);
		for (String name : TestPackages.ALL) TestPackages.write(name, folder);
		return folder;
	}

	/** Runs macro code as ImageJ's Run$_ threads do; returns its result, or fails on a hang or macro error. */
	static String macro(String code) {
		return macro(code, "");
	}

	/** Runs a macro file with an argument (the macro's getArgument()). */
	static String macroFile(Path file, String argument) throws IOException {
		return macro(Files.readString(file), argument);
	}

	/** Runs macro code with an argument; fails on any error, with its message. */
	static String macro(String code, String argument) {
		MacroRun run = attempt(code, argument);
		if (run.error() != null) fail("the macro stopped with an error: " + run.error() + "\nLog:\n" + log());
		return run.result();
	}

	/** The macro's returned value, or the message of the error that stopped it (IJ.error or a macro error). */
	record MacroRun(String result, String error) {}

	/**
	 * Runs macro code with an argument. A macro or plugin error, which ImageJ would show in a dialog, comes back
	 * as {@link MacroRun#error()}; a modal dialog or a hang fails the test.
	 */
	static MacroRun attempt(String code, String argument) {
		AtomicReference<String> result = new AtomicReference<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		AtomicReference<String> macroError = new AtomicReference<>();
		Thread thread = new Thread(() -> {
			Interpreter interpreter = new Interpreter();
			interpreter.setIgnoreErrors(true); // report errors here rather than in ImageJ's dialog
			try {
				result.set(interpreter.run(code, argument));
			}
			catch (RuntimeException e) {
				if (!Macro.MACRO_CANCELED.equals(e.getMessage())) failure.set(e);
			}
			catch (Throwable t) {
				failure.set(t);
			}
			// IJ.error in a plugin run by a macro aborts the macro with the message as its error
			macroError.set(interpreter.getErrorMessage());
		}, "Run$_mambaj-test");
		IJ.redirectErrorMessages(true); // IJ.error goes to the Log instead of a modal dialog
		thread.start();
		long deadline = System.nanoTime() + MACRO_TIMEOUT.toNanos();
		try {
			while (thread.isAlive()) {
				thread.join(200);
				List<String> dialogs = closeModalDialogs();
				if (!dialogs.isEmpty()) {
					Interpreter.abort();
					thread.join(5000);
					fail("a modal dialog opened during the macro (it would hang a batch run): " + dialogs + "\nLog:\n" + log());
				}
				if (System.nanoTime() > deadline) {
					Interpreter.abort();
					fail("the macro did not finish within " + MACRO_TIMEOUT + "\nLog:\n" + log());
				}
			}
		}
		catch (InterruptedException e) {
			Interpreter.abort();
			Thread.currentThread().interrupt();
			fail("interrupted");
		}
		finally {
			IJ.redirectErrorMessages(false);
		}
		if (failure.get() != null) throw new AssertionError("the macro threw " + failure.get() + "\nLog:\n" + log(), failure.get());
		return new MacroRun(result.get(), macroError.get());
	}

	/** Closes every visible modal dialog; returns their titles and text. */
	static List<String> closeModalDialogs() {
		List<String> found = new ArrayList<>();
		for (Window w : Window.getWindows())
			if (w instanceof Dialog d && d.isShowing() && d.isModal()) {
				found.add(d.getTitle() + ": " + Screens.text(d));
				d.dispose();
			}
		return found;
	}

	static String log() {
		String log = IJ.getLog();
		return log == null ? "" : log;
	}

	static void clearLog() {
		if (IJ.getLog() != null) IJ.log("\\Clear");
	}


	/** Closes every image without asking to save, and resets the macro state. */
	static void closeImages() {
		for (int id : ids()) {
			ImagePlus imp = WindowManager.getImage(id);
			if (imp == null) continue;
			imp.changes = false;
			imp.close();
		}
		WindowManager.setTempCurrentImage(null);
	}

	static int[] ids() {
		int[] ids = WindowManager.getIDList();
		return ids == null ? new int[0] : ids;
	}

	static int imageCount() {
		return ids().length;
	}
}

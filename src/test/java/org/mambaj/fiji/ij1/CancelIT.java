package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.event.KeyEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ij.IJ;
import ij.ImageJ;

/** Esc during a run stops it between tiles; no output window appears and the macro goes on. */
@ExtendWith(ImageJSession.Fresh.class)
class CancelIT {

	@AfterEach
	void resetEscape() {
		IJ.resetEscape();
	}

	@Test
	void escapeCancelsWithoutOutput() {
		assertTimeoutPreemptively(Duration.ofSeconds(240), () -> {
			ImageJSession.macro("newImage(\"long\", \"16-bit noise\", 96, 96, 40);");
			int[] before = ImageJSession.ids();
			CompletableFuture<ImageJSession.MacroRun> run = CompletableFuture.supplyAsync(() ->
				ImageJSession.attempt("run(\"MambaJ Denoise...\", \"model=tiny-denoiser engine=java\");\nreturn \"finished\";", ""));
			long deadline = System.currentTimeMillis() + 120_000;
			// once a plane after the first has started (the network is loaded), as a user would
			while (!String.valueOf(ImageJ.getStatusBarText()).matches("MambaJ: plane ([2-9]|[1-3][0-9])/40") &&
				System.currentTimeMillis() < deadline)
				Thread.sleep(5);
			IJ.setKeyDown(KeyEvent.VK_ESCAPE);
			ImageJSession.MacroRun result = run.get(120, TimeUnit.SECONDS);
			assertNull(result.error(), "cancelling is not an error");
			assertArrayEquals(before, ImageJSession.ids(), "no output window after Esc");
			assertTrue(String.valueOf(ImageJ.getStatusBarText()).contains("cancelled"), ImageJ.getStatusBarText());
		});
	}
}

package org.mambaj.fiji.ij1;

import java.io.IOException;

import ij.IJ;
import ij.plugin.PlugIn;
import ij.text.TextWindow;

import org.mambaj.fiji.AboutCommand;
import org.mambaj.fiji.MambaJService;
import org.mambaj.run.About;
import org.mambaj.zoo.ModelRegistry;

/**
 * Plugins > MambaJ > About MambaJ: the text of {@link AboutCommand} in a window, or in the Log when ImageJ runs
 * without a GUI (ImageJ -batch), where the Log is the output.
 */
public final class AboutPlugin implements PlugIn {

	static final String TITLE = "About MambaJ";

	@Override
	public void run(String arg) {
		try {
			String text = About.text(ModelRegistry.shared(), MambaJService.threads(), MambaJService.THREADS_SETTING);
			if (IJ.getInstance() == null) IJ.log(text);
			else new TextWindow(TITLE, text, 980, 400);
		}
		catch (IOException | RuntimeException e) {
			CommandPlugin.error(e);
		}
	}
}

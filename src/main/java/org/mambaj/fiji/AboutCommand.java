package org.mambaj.fiji;

import java.io.IOException;

import org.mambaj.run.About;
import org.mambaj.zoo.ModelRegistry;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * About MambaJ: version, engine and kernels, threads, models folder and installed models ({@link About}). No
 * menuPath: the menu entry is Plugins > MambaJ > About MambaJ from plugins.config (see docs/fiji.md).
 */
@Plugin(type = Command.class, label = "About MambaJ")
public class AboutCommand extends ContextCommand {

	@Parameter(type = ItemIO.OUTPUT, label = "About MambaJ")
	private String report;

	@Parameter(required = false)
	private MambaJService mambaj;

	@Override
	public void run() {
		try {
			report = About.text(mambaj != null ? mambaj.registry() : ModelRegistry.shared(), MambaJService.threads(),
				MambaJService.THREADS_SETTING);
		}
		catch (IOException | RuntimeException e) {
			cancel("MambaJ: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
		}
	}

	public String report() {
		return report;
	}
}

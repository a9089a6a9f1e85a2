package org.mambaj.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.mambaj.io.nnunet.NnUNetResults;
import org.mambaj.zoo.CheckpointPackager;
import org.mambaj.zoo.NnUNetPackager;
import org.mambaj.zoo.ModelInfo;
import org.mambaj.zoo.ModelListing;
import org.mambaj.zoo.ModelRegistry;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Lists the installed models, installs a package into the user models folder (after checking its test
 * tensors), or validates an installed model. A failure cancels the command with the reason.
 */
@Plugin(type = Command.class, label = "MambaJ Models")
public class ModelsCommand extends ContextCommand {

	@Parameter(label = "Action", choices = { "list", "install", "validate" }, required = false, persist = false)
	private String action = "list";

	@Parameter(label = "Model", required = false, description = "install: a package folder or .zip, a .pth/.safetensors checkpoint with its architecture, or an nnU-Net v2 results folder (or its fold_N folder); validate: a name or package", persist = false)
	private String model = "";

	@Parameter(label = "Checkpoint architecture", required = false, persist = false, description = "install from a " +
		"published .pth/.safetensors checkpoint: vmunet, medmamba or mambair (empty: model is a package)")
	private String architecture = "";

	@Parameter(label = "Checkpoint config", required = false, persist = false, description = "JSON/YAML file of " +
		"the architecture's constructor arguments; left-out keys take the published defaults")
	private String config = "";

	@Parameter(label = "Name for the checkpoint", required = false, persist = false)
	private String modelName = "";

	@Parameter(label = "Authors of the checkpoint", required = false, persist = false, description = "comma-separated")
	private String authors = "";

	@Parameter(label = "Licence of the checkpoint", required = false, persist = false)
	private String license = "";

	@Parameter(label = "Engine", choices = { "auto", "tensorflow", "java" }, required = false, persist = false)
	private String engine = "auto";

	@Parameter(type = ItemIO.OUTPUT, label = "Report")
	private String report;

	@Parameter(required = false)
	private MambaJService mambaj;

	@Parameter(required = false)
	private LogService log;

	private CheckpointPackager.Request checkpointRequest() {
		return new CheckpointPackager.Request(Path.of(model), architecture.strip(), blank(config) ? null :
			Path.of(config), modelName, blank(authors) ? List.of() : List.of(authors.strip().split("\\s*,\\s*")),
			blank(license) ? null : license.strip(), null, null, null);
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}

	@Override
	public void run() {
		ModelRegistry registry = mambaj != null ? mambaj.registry() : ModelRegistry.shared();
		try {
			report = switch (action == null ? "list" : action.toLowerCase(Locale.ROOT)) {
				case "list" -> ModelListing.text(registry);
				case "install" -> {
					if (model == null || model.isBlank()) throw new IllegalArgumentException("install needs model=<package folder or .zip>");
					// an nnU-Net results folder (or one of its fold_N folders) converts with its plans
					ModelInfo m = NnUNetResults.isResultsFolder(Path.of(model)) ? NnUNetPackager.install(
						new NnUNetPackager.Request(Path.of(model), null, null, blank(modelName) ? null : modelName, blank(authors) ? List.of() :
							List.of(authors.strip().split("\\s*,\\s*")), blank(license) ? null : license, false), registry)
						: architecture == null || architecture.isBlank() ? registry.install(Path.of(model)) :
						CheckpointPackager.install(checkpointRequest(), registry);
					yield "installed " + m.name() + " in " + m.location();
				}
				case "validate" -> {
					double error = registry.validate(model, engine);
					yield String.format(Locale.ROOT, "%s: test outputs reproduced (relative max error %.2g)", model, error);
				}
				default -> throw new IllegalArgumentException("action must be list, install or validate, got '" + action + "'");
			};
		}
		catch (IOException | RuntimeException e) {
			report = null;
			String message = e.getMessage() != null ? e.getMessage() : e.toString();
			if (log != null) log.error("MambaJ: " + message, e);
			cancel(message);
		}
	}
}

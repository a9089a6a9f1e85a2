package org.mambaj.fiji.ij1;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;

import org.mambaj.fiji.SegmentCommand;
import org.mambaj.image.Plane;
import org.mambaj.image.PostProcessing;
import org.mambaj.run.ModelRunner;
import org.mambaj.run.RunOptions;
import org.mambaj.run.SegmentOutput;
import org.mambaj.run.Segmentation;

/** Plugins > MambaJ > MambaJ Segment...: {@link SegmentCommand} on every plane of the current image. */
public final class SegmentPlugin extends CommandPlugin {

	static final String ADD_TO_MANAGER = "add_to_manager";

	@Override
	Class<?> command() {
		return SegmentCommand.class;
	}

	@Override
	String task() {
		return "segmentation";
	}

	@Override
	List<CommandParameters.Item> extraOptions() {
		return List.of(CommandParameters.Item.checkbox(ADD_TO_MANAGER, "Add objects to the ROI Manager",
			"one ROI per object (masks and labels only)", false));
	}

	@Override
	void process(ImagePlus image, Map<String, Object> values, RunOptions options, ImageJProgress progress) throws IOException {
		SegmentOutput output = SegmentOutput.of(String.valueOf(values.get("output")));
		HyperstackPlanes planes = new HyperstackPlanes(image, groupsChannels(image, options));
		ModelRunner runner = runner();
		List<Segmentation> results = eachPlane(planes, progress, (plane, position) -> runner.segment(plane, options, output, progress));
		List<ImagePlus> images = new ArrayList<>();
		for (Segmentation s : results) images.add(ResultImages.of(s, "", image));
		SegmentOutput kind = results.get(0).kind(); // "auto" resolved by the model
		ImagePlus result = planes.assemble(images, baseTitle(image) + "-" + kind.key());
		result.show();
		if (Boolean.TRUE.equals(values.get(ADD_TO_MANAGER)) && kind != SegmentOutput.PROBABILITIES) addToManager(result, results, planes);
	}

	/** One ROI per object, placed on its plane of the result. */
	private static void addToManager(ImagePlus result, List<Segmentation> results, HyperstackPlanes planes) {
		// In a batch macro (ImageJ -batch, or setBatchMode) the macro's roiManager() functions use a hidden manager
		// that getInstance() returns; getRoiManager() alone would fill a second one the macro never sees.
		RoiManager manager = RoiManager.getInstance();
		if (manager == null) manager = RoiManager.getRoiManager();
		List<HyperstackPlanes.Position> positions = planes.positions();
		for (int i = 0; i < results.size(); i++) {
			Segmentation s = results.get(i);
			Plane labels = s.kind() == SegmentOutput.LABELS ? s.plane() : PostProcessing.components(s.plane());
			HyperstackPlanes.Position p = positions.get(i);
			for (Roi roi : LabelRois.of(labels)) {
				if (result.getStackSize() > 1) roi.setPosition(Math.max(1, p.c()), p.z(), p.t());
				manager.addRoi(roi);
			}
		}
	}
}

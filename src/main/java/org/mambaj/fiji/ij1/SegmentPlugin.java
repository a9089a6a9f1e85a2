package org.mambaj.fiji.ij1;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;

import org.mambaj.fiji.SegmentCommand;
import org.mambaj.image.ImagePlusPlanes;
import org.mambaj.image.Plane;
import org.mambaj.image.PostProcessing;
import org.mambaj.run.ModelRunner;
import org.mambaj.run.RunOptions;
import org.mambaj.run.SegmentOutput;

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
		List<Plane> results = eachPlane(planes, progress, (plane, position) -> runner.segment(plane, options, output, progress));
		List<ImagePlus> images = new ArrayList<>();
		for (Plane p : results) images.add(switch (output) {
			case PROBABILITIES -> ImagePlusPlanes.toFloat(p, "", image);
			case MASK -> ImagePlusPlanes.toMask(p, "", image);
			case LABELS -> ImagePlusPlanes.toLabels(p, "", image);
		});
		ImagePlus result = planes.assemble(images, baseTitle(image) + "-" + output.key());
		result.show();
		if (Boolean.TRUE.equals(values.get(ADD_TO_MANAGER)) && output != SegmentOutput.PROBABILITIES)
			addToManager(result, results, output, planes);
	}

	/** One ROI per object, placed on its plane of the result. */
	private static void addToManager(ImagePlus result, List<Plane> results, SegmentOutput output, HyperstackPlanes planes) {
		RoiManager manager = RoiManager.getRoiManager();
		List<HyperstackPlanes.Position> positions = planes.positions();
		for (int i = 0; i < results.size(); i++) {
			Plane labels = output == SegmentOutput.LABELS ? results.get(i) : PostProcessing.components(results.get(i));
			HyperstackPlanes.Position p = positions.get(i);
			for (Roi roi : LabelRois.of(labels)) {
				if (result.getStackSize() > 1) roi.setPosition(Math.max(1, p.c()), p.z(), p.t());
				manager.addRoi(roi);
			}
		}
	}
}

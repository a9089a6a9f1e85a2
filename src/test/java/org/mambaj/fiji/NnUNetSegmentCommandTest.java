package org.mambaj.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mambaj.core.Tensor;
import org.mambaj.io.Npy;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;

/** The Fiji Segment command with an nnU-Net v2 results folder as its model gives nnU-Net's label map. */
class NnUNetSegmentCommandTest {

	@Test
	void segmentCommandRunsAResultsFolder() throws Exception {
		Path dir = Paths.get(NnUNetSegmentCommandTest.class.getResource("/nnunet/bot-old-layout").toURI());
		Tensor input = Npy.read(dir.resolve("input.npy")), labels = Npy.read(dir.resolve("labels.npy"));
		int h = input.dim(1), w = input.dim(2);
		Context context = new Context();
		try {
			// ImgLib2 images are (x, y): the plane's rows are y
			Img<?> img = ArrayImgs.floats(input.data().clone(), w, h);
			CommandModule m = context.service(CommandService.class).run(SegmentCommand.class, true, Map.of("input", img,
				"model", dir.resolve("results").toString(), "engine", "java")).get();
			assertFalse(m.isCanceled(), () -> "cancelled: " + m.getCancelReason());
			Img<?> result = (Img<?>) m.getOutput("result");
			assertEquals(w, result.dimension(0));
			assertEquals(h, result.dimension(1));
			Cursor<?> c = result.localizingCursor();
			int differing = 0;
			while (c.hasNext()) {
				RealType<?> v = (RealType<?>) c.next();
				if (v.getRealFloat() != labels.data()[c.getIntPosition(1) * w + c.getIntPosition(0)]) differing++;
			}
			assertEquals(0, differing, "label pixels differing from nnU-Net's");
		} finally {
			context.dispose();
		}
	}
}

package org.mambaj.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.testing.Golden;
import org.mambaj.zoo.CheckpointPackager;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** The SciJava Denoise command with a MambaIR super-resolution package: the result is upscale times the input. */
class SuperResolutionCommandTest {

	@TempDir
	Path tmp;

	@Test
	void denoiseWithASuperResolutionModelGivesAnImageThreeTimesLarger() throws Exception {
		Path config = Files.writeString(tmp.resolve("sr.json"), "{\"in_chans\": 1, \"upsampler\": \"pixelshuffledirect\"," +
			" \"upscale\": 3, \"embed_dim\": 30, \"depths\": [1, 1], \"d_state\": 8, \"mlp_ratio\": 1.2}");
		Path pkg = tmp.resolve("sr-x3");
		CheckpointPackager.write(new CheckpointPackager.Request(Golden.root().resolve("mambair-lightsr3-c1/net_g.pth"),
			"mambair", config, "sr-x3", List.of("Test"), "Apache-2.0", null, null, null), pkg);
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(19, 13);
		int i = 0;
		for (UnsignedByteType t : img) t.set((i++ * 37) % 256);
		Context context = new Context();
		try {
			CommandModule m = context.service(CommandService.class).run(DenoiseCommand.class, true, Map.of("input", img,
				"model", pkg.toString(), "engine", "java")).get();
			assertFalse(m.isCanceled(), m.getCancelReason());
			@SuppressWarnings("unchecked")
			Img<FloatType> out = (Img<FloatType>) m.getOutput("result");
			assertArrayEquals(new long[] { 57, 39 }, out.dimensionsAsLongArray());
			for (FloatType t : out) assertTrue(Float.isFinite(t.get()));
		} finally {
			context.dispose();
		}
	}
}

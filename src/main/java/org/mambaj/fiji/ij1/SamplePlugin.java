package org.mambaj.fiji.ij1;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;

/**
 * File > Open Samples > MambaJ > ...: opens a sample image shipped inside MambaJ's jar (under
 * {@code mambaj-samples/}, the repository's sample-images folder), titled with its file name as if opened from
 * disk, so the example macros work on it unchanged. The argument is the path below {@code mambaj-samples/}.
 */
public final class SamplePlugin implements PlugIn {

	static final String FOLDER = "mambaj-samples/";

	@Override
	public void run(String arg) {
		try {
			open(arg).show();
		}
		catch (IOException | RuntimeException e) {
			CommandPlugin.error(e);
		}
	}

	/** The sample at {@code path} (e.g. "skimage/ihc.png"); ImageJ's own readers decode it from a temporary copy. */
	static ImagePlus open(String path) throws IOException {
		if (path == null || path.isBlank() || path.contains("..")) throw new IllegalArgumentException("no such MambaJ sample: '" + path + "'");
		String name = path.substring(path.lastIndexOf('/') + 1);
		Path dir = Files.createTempDirectory("mambaj-sample");
		Path file = dir.resolve(name);
		try (InputStream in = SamplePlugin.class.getClassLoader().getResourceAsStream(FOLDER + path)) {
			if (in == null) throw new IOException("MambaJ's jar has no sample " + FOLDER + path);
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
			ImagePlus image = IJ.openImage(file.toString());
			if (image == null) throw new IOException("ImageJ could not read the sample " + name);
			image.setTitle(name);
			return image;
		}
		finally {
			Files.deleteIfExists(file);
			Files.deleteIfExists(dir);
		}
	}
}

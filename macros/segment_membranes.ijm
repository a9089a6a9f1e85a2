// MambaJ example: the neuronal membranes of the open serial-section EM image (or of every slice of a stack) as a
// binary mask (8-bit, 0 and 255). MambaJ ships no EM sample: the ISBI 2012 images it was trained on come without a
// licence that allows copying them, so open your own (greyscale, about 4 nm per pixel like ISBI 2012).
// Argument (optional): "model=<model> tile=<pixels>".
args = getArgument();
model = option(args, "model", "em-membranes");
tile = option(args, "tile", "0");

if (nImages == 0) {
	print("MambaJ: open a serial-section EM image first (MambaJ ships none)");
	exit;
}
title = getTitle();
run("MambaJ Segment...", "model=" + model + " output=mask tile=" + tile);
getStatistics(area, mean);
print("MambaJ: membranes cover " + d2s(100 * mean / 255, 1) + "% of " + title);

function option(args, key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++)
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	return fallback;
}

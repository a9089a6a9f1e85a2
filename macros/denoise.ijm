// MambaJ example: denoise a grey microscopy image; the result is 32-bit, same size and calibration.
// Argument (optional): "samples=<sample-images folder> model=<model> tile=<pixels>".
args = getArgument();
samples = option(args, "samples", "");
if (samples == "") samples = getDirectory("Choose MambaJ's sample-images folder");
model = option(args, "model", "widefield-denoise");
tile = option(args, "tile", "0");

open(samples + "/skimage/cell.png");
run("MambaJ Denoise...", "model=" + model + " tile=" + tile);
getStatistics(area, mean, min, max);
print("MambaJ: " + getTitle() + " " + getWidth() + "x" + getHeight() + ", " + bitDepth() + "-bit, range " + min + " to " + max);

function option(args, key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++)
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	return fallback;
}

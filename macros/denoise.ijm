// MambaJ example: denoise a grey microscopy image; the result is 32-bit, same size and calibration.
// Argument (optional): "samples=<sample-images folder> model=<model> tile=<pixels>".
// Without samples=, the macro opens the copy of the sample inside MambaJ (File > Open Samples > MambaJ).
args = getArgument();
samples = option(args, "samples", "");
model = option(args, "model", "widefield-denoise");
tile = option(args, "tile", "0");

if (samples == "") run("Noisy cells - cell.png (MambaJ)"); // the copy inside MambaJ (File > Open Samples > MambaJ)
else open(samples + "/skimage/cell.png");
run("MambaJ Denoise...", "model=" + model + " tile=" + tile);
getStatistics(area, mean, min, max);
print("MambaJ: " + getTitle() + " " + getWidth() + "x" + getHeight() + ", " + bitDepth() + "-bit, range " + min + " to " + max);

function option(args, key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++)
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	return fallback;
}

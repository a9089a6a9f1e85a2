// MambaJ example: the vessels of a fundus photograph as a binary mask (8-bit, 0 and 255).
// Argument (optional): "samples=<sample-images folder> model=<model> tile=<pixels>".
// Without samples=, the macro opens the copy of the sample inside MambaJ (File > Open Samples > MambaJ).
args = getArgument();
samples = option(args, "samples", "");
model = option(args, "model", "retinal-vessels");
tile = option(args, "tile", "0");

if (samples == "") run("Retina - retina.jpg (MambaJ)"); // the copy inside MambaJ (File > Open Samples > MambaJ)
else open(samples + "/skimage/retina.jpg");
run("MambaJ Segment...", "model=" + model + " output=mask tile=" + tile);
getStatistics(area, mean);
print("MambaJ: vessels cover " + d2s(100 * mean / 255, 1) + "% of retina.jpg");

function option(args, key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++)
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	return fallback;
}

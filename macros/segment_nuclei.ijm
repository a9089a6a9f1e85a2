// MambaJ example: the nuclei of a fluorescence image (DSB 2018) as numbered objects (16-bit labels) and ROIs.
// Argument (optional, from runMacro or the command line): "samples=<sample-images folder> model=<model>".
// Without it, the macro opens the sample image inside MambaJ and uses the shipped "nuclei" model.
args = getArgument();
samples = option(args, "samples", "");
model = option(args, "model", "nuclei");

if (samples == "") run("Nuclei - 175dbb364bfe_fluorescence.png (MambaJ)"); // the copy inside MambaJ (File > Open Samples > MambaJ)
else open(samples + "/dsb2018/175dbb364bfe_fluorescence.png");
title = getTitle();
roiManager("reset");
run("MambaJ Segment...", "model=" + model + " output=labels add_to_manager");
getStatistics(area, mean, min, max);
print("MambaJ: " + max + " nuclei in " + title + ", " + roiManager("count") + " ROIs");

function option(args, key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++)
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	return fallback;
}

// MambaJ example: classify an image; the class and its probabilities go to the "MambaJ Classification"
// table, and the class is written on the image. No chest X-ray ships with MambaJ: the CT slice of the sample
// images only shows the mechanics; open your own X-ray instead.
// Argument (optional): "samples=<sample-images folder> model=<model> image=<path inside samples>".
// Without samples=, the macro opens the copy of the sample inside MambaJ (File > Open Samples > MambaJ).
args = getArgument();
samples = option(args, "samples", "");
model = option(args, "model", "chest-xray-pneumonia");
image = option(args, "image", "pydicom/CT_small.dcm");

if (samples == "") run("CT slice - CT_small.dcm (MambaJ)"); // the copy inside MambaJ (File > Open Samples > MambaJ)
else open(samples + "/" + image);
run("MambaJ Classify...", "model=" + model + " label_image");
row = Table.size("MambaJ Classification") - 1;
print("MambaJ: " + getTitle() + " is " + Table.getString("Class", row, "MambaJ Classification") +
	" (p = " + d2s(Table.get("Probability", row, "MambaJ Classification"), 3) + ")");

function option(args, key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++)
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	return fallback;
}

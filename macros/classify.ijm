// MambaJ example: classify an image; the class and its probabilities go to the "MambaJ Classification"
// table, and the class is written on the image. By default a 28x28 chest X-ray with the chest-xray-pneumonia
// model; "model=breast-ultrasound image=busi/malignant_100.png" classifies the breast ultrasound sample.
// Argument (optional): "samples=<sample-images folder> model=<model> image=<path inside samples>".
// Without samples=, the macro opens the copy of the sample inside MambaJ (File > Open Samples > MambaJ).
args = getArgument();
samples = option(args, "samples", "");
model = option(args, "model", "chest-xray-pneumonia");
image = option(args, "image", "pneumoniamnist/train_3_pneumonia.png");

if (samples == "" && image == "busi/malignant_100.png") run("Breast ultrasound - malignant_100.png (MambaJ)");
else if (samples == "") run("Chest X-ray - train_3_pneumonia.png (MambaJ)"); // the copies inside MambaJ (File > Open Samples)
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

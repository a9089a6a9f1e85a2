// MambaJ example: segment every image of a folder in batch mode and save the results as TIFFs
// (<image>-labels.tif for instance models, <image>-mask.tif for binary ones).
// Argument (optional): "input=<folder> output=<folder> model=<model>"; asks for the folders otherwise.
args = getArgument();
input = option(args, "input", "");
if (input == "") input = getDirectory("Choose a folder of images");
output = option(args, "output", "");
if (output == "") output = getDirectory("Choose a folder for the results");
model = option(args, "model", "nuclei");

setBatchMode(true);
files = getFileList(input);
done = 0;
for (i = 0; i < files.length; i++) {
	if (!matches(toLowerCase(files[i]), ".*\\.(tif|tiff|png|jpg|jpeg)$")) continue;
	open(input + File.separator + files[i]);
	run("MambaJ Segment...", "model=" + model + " output=auto");
	saveAs("Tiff", output + File.separator + getTitle());
	close("*");
	done++;
}
setBatchMode(false);
print("MambaJ: " + done + " images segmented into " + output);

function option(args, key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++)
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	return fallback;
}

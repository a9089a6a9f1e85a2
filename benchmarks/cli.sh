#!/bin/sh
# What a user of the command line waits for: `./mambaj segment --model nuclei` on the 512x512 sample and on
# 1024x1024 and 2048x2048 enlargements of it, each in a fresh JVM (JVM start, model loading, JIT compilation,
# reading, tiling, writing), with the vector kernels and without them (-Dmambaj.scalar=true: what a JVM without
# --add-modules jdk.incubator.vector runs). Prints one line per run:
#   CLI <pixels> <kernels> <wall s> <peak RSS MB> load <before>-<after>
cd "$(dirname "$0")/.." || exit 1
PY=/usr/bin/python3
DIR=benchmarks/data/cli
mkdir -p "$DIR"
[ -f "$DIR/ihc-2048.png" ] || $PY - "$DIR" <<'PYEOF' || exit 1
import sys
from PIL import Image
im = Image.open("sample-images/skimage/ihc.png")
for s in (1024, 2048):
    im.resize((s, s), Image.BICUBIC).save(f"{sys.argv[1]}/ihc-{s}.png")
PYEOF
./mambaj models >/dev/null || exit 1   # builds the project once, outside the timings
# the first image command after a build writes the class-data archive (see ./mambaj): also outside the timings
./mambaj segment --model nuclei sample-images/skimage/ihc.png >/dev/null 2>&1 || exit 1
load() { cut -d' ' -f1 /proc/loadavg; }
run() {
	img=$1; kernels=$2; opts=""
	[ "$kernels" = java-scalar ] && opts="-Dmambaj.scalar=true"
	l0=$(load)
	t=$(MAMBAJ_JAVA_OPTS="$opts" /usr/bin/time -f "%e %M" ./mambaj segment --model nuclei "$img" --output "$DIR/out" 2>&1 >/dev/null | tail -1)
	px=$($PY -c "from PIL import Image; w, h = Image.open('$img').size; print(w * h)")
	echo "CLI	$px	$kernels	$(echo "$t" | cut -d' ' -f1)	$(( $(echo "$t" | cut -d' ' -f2) / 1024 ))	load $l0-$(load)"
}
for i in 1 2 3; do
	run sample-images/skimage/ihc.png java-vector
	run sample-images/skimage/ihc.png java-scalar
done
run "$DIR/ihc-1024.png" java-vector
run "$DIR/ihc-2048.png" java-vector

#!/bin/sh
# The whole benchmark: scan alone, VM-UNet, MedMamba-T and MambaIR on the Java engine (vector and scalar kernels)
# and the TensorFlow engine, then the PyTorch reference (training/mambaj_ref, sequential scan) on the same
# weights and inputs; prints a table with the ratios. One JVM / Python process per measurement.
#
#   benchmarks/run.sh [quick|java]  (quick: fewer runs, no scalar models; java: Java and TensorFlow engines only,
#                                    no scalar models and no PyTorch, appended to benchmarks/results-java.tsv)
#
# Needs /usr/bin/python3 with torch (Debian's python3-torch) and `mvn compile` done. Weights and inputs are made
# once by benchmarks/make_weights.py under benchmarks/data/ (git-ignored). Results go to benchmarks/results.tsv.
cd "$(dirname "$0")/.." || exit 1
PY=/usr/bin/python3
OUT=benchmarks/results.tsv
RUNS=5
[ "$1" = quick ] && RUNS=3
[ "$1" = java ] && OUT=benchmarks/results-java.tsv
$PY benchmarks/make_weights.py || exit 1
mvn -B -q -o compile || exit 1
[ "$1" = java ] || : > "$OUT"

load() { cut -d' ' -f1 /proc/loadavg; }

# java CASE ENGINE [options...]: ENGINE java, tensorflow or scalar (the Java engine with -Dmambaj.scalar=true)
java_case() {
	what=$1; engine=$2; shift 2
	opts=""; kind=$engine
	[ "$engine" = scalar ] && { opts="-Dmambaj.scalar=true"; kind=java; }
	l0=$(load)
	line=$(JAVA_OPTS="$opts" benchmarks/java.sh "$what" --engine "$kind" "$@" | grep '^RESULT')
	echo "$line	load $l0-$(load)" | tee -a "$OUT"
}

torch_case() {
	l0=$(load)
	line=$($PY benchmarks/bench_torch.py "$@" 2>/dev/null | grep '^RESULT')
	echo "$line	load $l0-$(load)" | tee -a "$OUT"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); $(nproc) cores" | tee -a "$OUT"

SLOW=yes
[ "$1" = quick ] || [ "$1" = java ] && SLOW=no
java_case scan1 java --runs 21 --warmup 10
java_case scan4 java --runs 11 --warmup 5
java_case scan1 scalar --runs 5 --warmup 2
java_case scan4 scalar --runs 3 --warmup 1

for engine in java tensorflow; do
	java_case vmunet $engine --runs $RUNS --warmup 4
	java_case medmamba-t $engine --runs $RUNS --warmup 4
	java_case mambair-dn $engine --runs $RUNS --warmup 1
	java_case mambair-dn $engine --runs $RUNS --warmup 4 --size 32
done
if [ $SLOW = yes ]; then
	java_case vmunet scalar --runs 3 --warmup 1
	java_case medmamba-t scalar --runs 3 --warmup 1
	java_case mambair-dn scalar --runs 3 --warmup 1 --size 32
fi

[ "$1" = java ] && exit 0
# PyTorch reference, sequential scan: VM-UNet about 30 s and MambaIR 32x32 about 20 s per image here
torch_case vmunet --runs $RUNS --warmup 1
torch_case medmamba-t --runs $RUNS --warmup 1
torch_case mambair-dn --runs 3 --warmup 1 --size 32

$PY benchmarks/table.py "$OUT"

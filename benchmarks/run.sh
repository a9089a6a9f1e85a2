#!/bin/sh
# The benchmark: for each model, MambaJ's Java engine with the vector kernels, the same without the vector module
# (scalar kernels: what stock Fiji runs), and the anchor, PyTorch with the project's vectorised chunked scan (the
# strongest PyTorch CPU path here, with 2 threads and with 1: two OpenMP threads stall on a loaded machine); the work per inference (for the arithmetic floor); then the command line cold
# start and memory (benchmarks/cli.sh). One JVM / Python process per measurement, all in one session so the load
# is comparable; prints the tables of BENCHMARKS.md.
#
#   benchmarks/run.sh [quick|full]  (quick: fewer runs; full: also the sequential PyTorch reference, about 30 min)
#
# Needs /usr/bin/python3 with torch (Debian's python3-torch) and `mvn compile` done. Weights and inputs are made
# once by benchmarks/make_weights.py under benchmarks/data/ (git-ignored). Results go to benchmarks/results.tsv.
cd "$(dirname "$0")/.." || exit 1
PY=/usr/bin/python3
OUT=benchmarks/results.tsv
RUNS=5
[ "$1" = quick ] && RUNS=3
$PY benchmarks/make_weights.py || exit 1
mvn -B -q -o compile || exit 1
: > "$OUT"

load() { cut -d' ' -f1 /proc/loadavg; }

# java CASE KERNELS [options...]: KERNELS vector or scalar (-Dmambaj.scalar=true: as without the vector module)
java_case() {
	what=$1; kernels=$2; shift 2
	opts=""
	[ "$kernels" = scalar ] && opts="-Dmambaj.scalar=true"
	l0=$(load)
	line=$(JAVA_OPTS="$opts" benchmarks/java.sh "$what" --engine java "$@" | grep '^RESULT')
	echo "$line	load $l0-$(load)" | tee -a "$OUT"
}

torch_case() {
	l0=$(load)
	line=$($PY benchmarks/bench_torch.py "$@" 2>/dev/null | grep '^RESULT')
	echo "$line	load $l0-$(load)" | tee -a "$OUT"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); $(nproc) cores" | tee -a "$OUT"

java_case scan4 vector --runs 11 --warmup 5
java_case scan4 scalar --runs 5 --warmup 2
for model in vmunet medmamba-t; do
	java_case $model vector --runs $RUNS --warmup 4
	java_case $model scalar --runs 3 --warmup 1
	torch_case $model --chunked --runs $RUNS --warmup 1
	torch_case $model --chunked --runs $RUNS --warmup 1 --threads 1
done
java_case mambair-dn vector --runs 3 --warmup 2 --size 64
java_case mambair-dn scalar --runs 3 --warmup 1 --size 64
torch_case mambair-dn --chunked --runs 3 --warmup 1 --size 64
torch_case mambair-dn --chunked --runs 3 --warmup 1 --size 64 --threads 1
java_case mambair-dn vector --runs 3 --warmup 1 --size 128

$PY benchmarks/bench_torch.py vmunet --count | grep '^COUNT' | tee -a "$OUT"
$PY benchmarks/bench_torch.py medmamba-t --count | grep '^COUNT' | tee -a "$OUT"
$PY benchmarks/bench_torch.py mambair-dn --count --size 64 | grep '^COUNT' | tee -a "$OUT"
$PY benchmarks/bench_torch.py mambair-dn --count --size 128 | grep '^COUNT' | tee -a "$OUT"

if [ "$1" = full ]; then
	# the sequential reference scan: what the published code gives a CPU user (VM-UNet about 30 s per image)
	torch_case vmunet --runs 3 --warmup 1
	torch_case medmamba-t --runs 3 --warmup 1
	torch_case mambair-dn --runs 3 --warmup 1 --size 32
fi

benchmarks/cli.sh | tee -a "$OUT"
$PY benchmarks/table.py "$OUT"

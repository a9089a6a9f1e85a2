#!/bin/sh
# 1 thread against 2, back to back: benchmarks/threads.sh CASE [REPEATS] [Benchmark options...]
# Runs benchmarks/java.sh CASE --threads 1, then --threads 2, REPEATS
# times (default 1), and prints one line per run: threads, median ms, CPU ms, min, max, load before-after.
# On this shared machine wrap it in /work/notes/quiet.sh (or an equivalent) and keep REPEATS small.
cd "$(dirname "$0")/.." || exit 1
case=$1; shift
repeats=${1:-1}; [ $# -gt 0 ] && shift
load() { cut -d' ' -f1 /proc/loadavg; }
i=0
while [ $i -lt "$repeats" ]; do
	for t in 1 2; do
		l0=$(load)
		line=$(benchmarks/java.sh "$case" --threads "$t" "$@" | grep "^RESULT")
		# RESULT case engine median rss runs input kernels heap min max cpu first
		echo "$line" | awk -v t="$t" -v l="$l0-$(load)" -F'\t' \
			'{ printf "THREADS\t%s\t%s\tmedian %s ms\tcpu %s ms\tmin %s\tmax %s\tfirst %s\tload %s\n", $2, t, $4, $12, $10, $11, $13, l }'
	done
	i=$((i + 1))
done

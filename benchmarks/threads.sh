#!/bin/sh
# 1 thread against 2, back to back: benchmarks/threads.sh CASE [REPEATS] [Benchmark options...]
# Runs benchmarks/java.sh CASE with --threads 1, with --threads 2 (one inference split over two workers), and with
# --threads 1 --concurrent 2 (two inferences at once, one worker each: what tiles spread over threads would give),
# REPEATS times (default 1). One line per run: mode, time per image (median), CPU per image, min, max, load
# before-after. On this shared machine wrap it in /work/notes/quiet.sh (or an equivalent); keep REPEATS small.
cd "$(dirname "$0")/.." || exit 1
case=$1; shift
repeats=${1:-1}; [ $# -gt 0 ] && shift
load() { cut -d' ' -f1 /proc/loadavg; }
i=0
while [ $i -lt "$repeats" ]; do
	for mode in 1 2 2x1; do
		case $mode in
			2x1) opts="--threads 1 --concurrent 2" ;;
			*) opts="--threads $mode" ;;
		esac
		l0=$(load)
		# RESULT case engine median rss runs input kernels heap min max cpu first
		benchmarks/java.sh "$case" $opts "$@" | grep "^RESULT" | awk -v m="$mode" -v l="$l0-$(load)" -F'\t' \
			'{ printf "THREADS\t%s\t%s\tmedian %s ms\tcpu %s ms\tmin %s\tmax %s\tfirst %s\tload %s\n", $2, m, $4, $12, $10, $11, $13, l }'
	done
	i=$((i + 1))
done

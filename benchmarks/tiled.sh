#!/bin/sh
# A tiled segmentation in one JVM (benchmarks/TiledSegment.java; mvn compile first):
#   benchmarks/tiled.sh THREADS SIZE TILE RUNS [MODEL]     e.g. benchmarks/tiled.sh 2 1024 512 4
# One line per run (the first is the warm-up). On this shared machine wrap it in /work/notes/quiet.sh.
cd "$(dirname "$0")/.." || exit 1
CP_FILE=target/bench-classpath.txt
if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
	mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null || exit 1
fi
exec java --add-modules jdk.incubator.vector -Xss4m $JAVA_OPTS -cp "target/classes:$(cat "$CP_FILE")" \
	benchmarks/TiledSegment.java "$@" 2>&1 | grep -v "WARNING: Using incubator modules\|^warning: \|^1 warning"

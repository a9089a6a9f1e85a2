#!/bin/sh
# Runs org.mambaj.cli.Benchmark in its own JVM with the project's class path (mvn compile first).
# JAVA_OPTS may add e.g. -Dmambaj.scalar=true for the scalar kernels.
cd "$(dirname "$0")/.." || exit 1
CP_FILE=target/bench-classpath.txt
if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
	if ! mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null; then
		rm -f "$CP_FILE"
		echo "benchmarks/java.sh: 'mvn -o dependency:build-classpath' failed (offline, plugin not downloaded yet?): run it once without -o" >&2
		exit 1
	fi
fi
export TF_CPP_MIN_LOG_LEVEL=3
exec java --add-modules jdk.incubator.vector -Xss4m -Xmx8g $JAVA_OPTS \
	-cp "target/classes:$(cat "$CP_FILE")" org.mambaj.cli.Benchmark "$@" 2>&1 | grep -v "WARNING: Using incubator modules"

#!/usr/bin/env bash
# Builds the benchmark jar and runs JMH with the JDK 25 that ./mvnw uses.
#   benchmarks/run.sh                      quick run of every benchmark (a few minutes)
#   benchmarks/run.sh [JMH options] [regex] options passed to JMH as they are (no quick defaults then), e.g.
#   benchmarks/run.sh -f 1 -wi 2 -w 1s -i 3 -r 1s -p n=512 MatmulBenchmark
# Works from any directory; relative paths in JMH options (-rff, -o) are relative to the caller's directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Same JDK lookup as ./mvnw: sets and exports JAVA_HOME (or exits). It turns globbing off, as the wrapper runs.
. "$root/.mvn/find-jdk.sh"
set +f

(cd "$root" && ./mvnw -q -pl benchmarks -am package -DskipTests)

jar="$root/benchmarks/target/ember-benchmarks.jar"
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 2 -w 1s -i 3 -r 1s
fi
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -jar "$jar" "$@"

#!/usr/bin/env bash
# Kills a checkpointing training run with SIGKILL at random moments, KILLS times, and checks after each kill that
# the checkpoint left behind loads and is byte for byte the one an unkilled run wrote after the same epoch (issue
# 14: atomic saves, and the same numbers from the same seed in every JVM, with SIMD on). Also counts the stale
# temporaries left in the run's folder (a later save of the file removes them).
#
#   benchmarks/kill-checkpoints.sh [KILLS] [EPOCHS]        (defaults 75 and 6)
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-75}
epochs=${2:-6}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# in the reactor, so that Ember's own modules are this checkout's jars, never an older copy from ~/.m2
./mvnw -q -B -pl examples -am package dependency:build-classpath -DskipTests -Dmdep.outputFile="$work/cp.txt"
cp="examples/target/classes:$(cat "$work/cp.txt")"
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)   # the JDK 25 ./mvnw runs on
[ -n "$java" ] || java=java
run() { "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$cp" \
    dev.ember.examples.reliability.CheckpointedRun "$@" 2>/dev/null; }

start=$(date +%s%N)
run train "$work/reference" "$epochs" --reference >/dev/null
seconds=$(( ($(date +%s%N) - start) / 1000000 ))
echo "reference run: $epochs epochs in $seconds ms"

identical=0 differ=0 none=0 stale=0
for ((i = 1; i <= kills; i++)); do
    dir="$work/run-$i"
    run train "$dir" "$epochs" >/dev/null &
    pid=$!
    sleep "$(awk -v r="$RANDOM" -v ms="$seconds" 'BEGIN { printf "%.3f", r / 32767 * ms / 1000 }')"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    stale=$((stale + $( (find "$dir" -name '*.tmp' 2>/dev/null || true) | wc -l)))
    out=$(run verify "$dir" "$work/reference" || true)
    case "$out" in
        *identical*) identical=$((identical + 1)) ;;
        "no checkpoint yet") none=$((none + 1)) ;;
        *) differ=$((differ + 1)); echo "kill $i: $out" ;;
    esac
done
echo "$kills kills: $identical checkpoints identical to the reference epoch's, $none before the first save, $differ wrong or unloadable; $stale temporaries left by killed writers"
[ "$differ" = 0 ]

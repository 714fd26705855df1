#!/bin/sh
# Checks bin/ember-gpu-report of a built bundle on this machine (GPU or not), in two runs, about 3 minutes in all:
#   1. every stage runs (the suite reduced to two classes) and the report records each one's exit status;
#   2. the suite cut off after 12 s: the report keeps what the suite wrote until then, says it timed out and
#      names the test that was running, and the summary still follows.
#   dist/test-gpu-report.sh [BUNDLE]      (default: dist/target/ember-dist, built by ./mvnw -q -Pdist package -DskipTests)
set -u
bundle=${1:-$(dirname "$0")/target/ember-dist}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
problems=0

expect() {   # expect FILE PATTERN WHAT
  if grep -q -- "$2" "$1"; then echo "ok: $3"; else echo "FAILED: $3 (no line matching '$2' in $1)"; problems=1; fi
}

EMBER_REPORT_CONFORMANCE_ARGS="--select-class dev.ember.tests.CreationTest --select-class dev.ember.tests.DeviceNameTest" \
  "$bundle/bin/ember-gpu-report" "$work/all" > "$work/all.out" 2>&1
echo "run 1 exited $?"
r=$work/all/gpu-report.txt
for s in machine libraries info example conformance; do
  expect "$r" "^== $s (time limit [0-9]* s)$" "stage $s starts with its limit"
  expect "$r" "^$s: exit 0, [0-9]* s$" "stage $s is in the summary with exit 0"
done
expect "$r" "^cuda:0: " "ember-info reports the device or why it is not available"
expect "$r" "^Test accuracy" "the example trained"
expect "$r" "tests passed$" "the suite's passed tests are counted"
cmp -s "$r" "$work/all.out" || { echo "FAILED: the report is not what was printed"; problems=1; }

EMBER_REPORT_LIMIT_EXAMPLE=0 EMBER_REPORT_LIMIT_CONFORMANCE=12 "$bundle/bin/ember-gpu-report" "$work/cut" > /dev/null 2>&1
echo "run 2 exited $? (1 expected: a stage timed out)"
r=$work/cut/gpu-report.txt
expect "$r" "^== example: skipped (its limit is 0)$" "a limit of 0 skips a stage"
expect "$r" "^== conformance: TIMED OUT after 12 s (exit 124)" "the cut-off stage says it timed out"
expect "$r" "still running when the stage ended: JUnit Jupiter > " "the test running at the cut-off is named"
expect "$r" "^conformance: TIMED OUT" "the summary follows the cut-off stage"
expect "$r" "^CUDA library folders searched" "what earlier stages wrote stays"
if [ "$problems" = 0 ]; then echo "test-gpu-report: all checks passed"; else echo "test-gpu-report: FAILED"; fi
exit "$problems"

#!/usr/bin/env bash
# allReduce bandwidth on N processes (default 2): MPI_Allreduce from C, then through Ember's binding
# (dev.ember.examples.distributed.AllReduceBandwidth), each run twice in turn, the best of the two per size kept, and
# the ratio Ember / C printed. Needs Open MPI (mpicc, mpirun) and a build: ./mvnw -q -pl examples -am package -DskipTests
#   benchmarks/mpi/run-allreduce.sh [N [MAX_BYTES]]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-2}
max=${2:-67108864}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mpicc -O2 -o "$tmp/allreduce_bandwidth" "$root/benchmarks/mpi/allreduce_bandwidth.c"
options=(-n "$n" --oversubscribe --bind-to none --mca btl self,vader)
[[ $(id -u) == 0 ]] && options+=(--allow-run-as-root)
for round in 1 2; do
    mpirun "${options[@]}" "$tmp/allreduce_bandwidth" "$max" >> "$tmp/c.txt"
    "$root/bin/ember-run" "${options[@]}" dev.ember.examples.distributed.AllReduceBandwidth "$max" 2>/dev/null | grep '^java' >> "$tmp/java.txt"
done
# per size: the best (lowest) microseconds of each, and Ember's bandwidth as a fraction of C's
awk '{ key=$2; if (!(key in best) || $4 < best[key]) best[key]=$4 } END { for (k in best) print k, best[k] }' "$tmp/c.txt" | sort -n > "$tmp/c.best"
awk '{ key=$2; if (!(key in best) || $4 < best[key]) best[key]=$4 } END { for (k in best) print k, best[k] }' "$tmp/java.txt" | sort -n > "$tmp/java.best"
printf "%12s %12s %12s %8s\n" bytes "C us" "Ember us" "Ember/C"
join "$tmp/c.best" "$tmp/java.best" | awk '{ printf "%12d %12.1f %12.1f %8.2f\n", $1, $2, $3, $2 / $3 }'

#!/usr/bin/env bash
# The three classic example programs (examples mnist.MnistCnn, vae.VaeTraining, dcgan.Dcgan) timed in Ember and in
# their PyTorch 1.13 twins (benchmarks/pytorch/mnist_cnn.py, vae.py, dcgan.py: same model, optimizer and batch) on the
# full Fashion-MNIST, at 1 and 2 threads; Ember and PyTorch run back to back, alternating, so a busy machine
# slows both alike. Each run: warm-up steps, then timed training steps on the next shuffled batches (loading and
# testing untimed). Prints a table (ms per step, medians over rounds, the ratio, seconds per epoch = ms per
# step x steps per epoch, and at 1 thread the CPU ms per step, steady on a busy machine) and writes it as markdown
# to benchmarks/target/examples.md.
#   benchmarks/examples.sh                      every example, 1 and 2 threads, 3 rounds (a few minutes when quiet)
#   benchmarks/examples.sh --examples dcgan --threads 1 --rounds 1 --quick
# Options:
#   --examples "cnn vae dcgan"   which examples (default all three)
#   --threads "1 2"              thread counts (default "1 2")
#   --rounds N                   Ember/PyTorch pairs per example and thread count (default 3); the median is shown
#   --ember-warmup S             Ember's warm-up lasts at least S seconds too (default 30): the JIT compiles its
#                                Vector API kernels only after many calls, and the steady pace is what is compared
#   --quick                      a quarter of the steps and 8 s of Ember warm-up (a check of the harness)
#   --no-build                   use the examples as last built
set -euo pipefail

arguments="$*"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python=/usr/bin/python3
examples="cnn vae dcgan"
threads_list="1 2"
rounds=3
ember_warmup=30
quick=false
build=true
while [ "$#" -gt 0 ]; do
  case "$1" in
    --examples) examples="$2"; shift 2 ;;
    --threads) threads_list="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --ember-warmup) ember_warmup="$2"; shift 2 ;;
    --quick) quick=true; ember_warmup=8; shift ;;
    --no-build) build=false; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "examples.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# timed steps and warm-up steps per example: a few seconds of PyTorch each on a quiet 2-core machine
declare -A time_steps=([cnn]=60 [vae]=150 [dcgan]=30)
declare -A warmup_steps=([cnn]=20 [vae]=60 [dcgan]=10)
declare -A twin=([cnn]=mnist_cnn.py [vae]=vae.py [dcgan]=dcgan.py)

data=/usr/share/datasets/fashion-mnist
if [ ! -f "$data/train-images-idx3-ubyte.gz" ]; then
  echo "examples.sh: the full Fashion-MNIST is missing: apt-get install dataset-fashion-mnist" >&2; exit 2
fi
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "examples.sh: PyTorch is missing: apt-get install python3-torch" >&2; exit 2
fi

out="$root/benchmarks/target/examples"
rm -rf "$out" && mkdir -p "$out"
cd "$root"
if $build || [ ! -f examples/target/ember.classpath ]; then
  ./mvnw -q -pl examples -am package -DskipTests >/dev/null
fi
# the build writes the jars' class path (what bin/ember-jshell uses); the examples' own classes go first
classpath="$root/examples/target/classes:$(cat examples/target/ember.classpath)"
# Same JDK lookup as ./mvnw: sets and exports JAVA_HOME (or exits); it turns globbing off.
. "$root/.mvn/find-jdk.sh"

for example in $examples; do
  [ -n "${twin[$example]:-}" ] || { echo "examples.sh: unknown example '$example' (cnn, vae, dcgan)" >&2; exit 2; }
  steps="${time_steps[$example]}"
  warmup="${warmup_steps[$example]}"
  if $quick; then steps=$(( (steps + 3) / 4 )); warmup=$(( (warmup + 3) / 4 )); fi
  for threads in $threads_list; do
    for round in $(seq 1 "$rounds"); do
      tag="$example-t$threads-r$round"
      # alternate which engine goes first, so a change in the machine's load favours neither
      order="ember pytorch"
      [ $((round % 2)) = 1 ] || order="pytorch ember"
      for engine in $order; do
        echo "$example, $threads thread(s), round $round/$rounds: $engine" >&2
        if [ "$engine" = ember ]; then
          "$JAVA_HOME/bin/java" -Xss8m -Xms2g -Xmx2g --add-modules jdk.incubator.vector -Djava.awt.headless=true \
            -Dember.threads="$threads" -cp "$classpath" dev.ember.examples.ExampleTiming \
            --example "$example" --time "$steps" --warmup "$warmup" --warmup-seconds "$ember_warmup" >"$out/ember-$tag.json" 2>"$out/ember-$tag.log" \
            || { cat "$out/ember-$tag.log" >&2; exit 1; }
        else
          (cd benchmarks/pytorch && OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS="$threads" "$python" "${twin[$example]}" \
            --threads "$threads" --time "$steps" --warmup "$warmup" >"$out/pytorch-$tag.json" 2>"$out/pytorch-$tag.log") \
            || { cat "$out/pytorch-$tag.log" >&2; exit 1; }
        fi
      done
    done
  done
done

"$python" benchmarks/report/examples_table.py "$out" --note "Command: benchmarks/examples.sh $arguments; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" \
  | tee "$root/benchmarks/target/examples.md"

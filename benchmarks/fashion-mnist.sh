#!/usr/bin/env bash
# The Fashion-MNIST end-to-end runs in Ember and in PyTorch (Debian's python3-torch, CPU) on this machine, one after
# the other with the same model, optimizer (Adam 1e-3, cosine), batch size, epochs and thread count; prints a table
# (seconds per training epoch, median over epochs, and test accuracy) and writes it as markdown to
# benchmarks/target/fashion-mnist.md. See docs/benchmarks.md ("Fashion-MNIST end to end").
#   benchmarks/fashion-mnist.sh                               epoch time: every model, 2 epochs each
#   benchmarks/fashion-mnist.sh --models cnn-bn --epochs 15 --flip --engines ember    the accuracy run
# Options:
#   --models "mlp cnn cnn-bn"   models (default all three)
#   --epochs N                  epochs per run (default 2)
#   --threads N                 threads for both engines (default: every core)
#   --batch N                   batch size (default 64)
#   --flip                      random horizontal flips of training images, in both engines
#   --engines "ember pytorch"   which engines to run (default both)
#   --no-build                  use the example as last built
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python=/usr/bin/python3
models="mlp cnn cnn-bn"
epochs=2
threads="$(nproc)"
batch=64
flip=""
engines="ember pytorch"
build=true
while [ "$#" -gt 0 ]; do
  case "$1" in
    --models) models="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --flip) flip="--flip"; shift ;;
    --engines) engines="$2"; shift 2 ;;
    --no-build) build=false; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "fashion-mnist.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

data=/usr/share/datasets/fashion-mnist
if [ ! -f "$data/train-images-idx3-ubyte.gz" ]; then
  echo "fashion-mnist.sh: the full Fashion-MNIST is missing: apt-get install dataset-fashion-mnist" >&2; exit 2
fi
if [[ " $engines " == *" pytorch "* ]] && ! "$python" -c 'import torch' 2>/dev/null; then
  echo "fashion-mnist.sh: PyTorch is missing: apt-get install python3-torch" >&2; exit 2
fi

out="$root/benchmarks/target/fashion-mnist"
mkdir -p "$out"
cd "$root"
# one reactor run, so the classpath names this checkout's freshly built jars (not whatever ~/.m2 holds)
if $build || [ ! -f "$out/classpath.txt" ]; then
  ./mvnw -q -pl examples -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >/dev/null
fi
classpath="$root/examples/target/classes:$(cat "$out/classpath.txt")"
# Same JDK lookup as ./mvnw: sets and exports JAVA_HOME (or exits); it turns globbing off.
. "$root/.mvn/find-jdk.sh"

for model in $models; do
  if [[ " $engines " == *" ember "* ]]; then
    echo "== Ember $model, $epochs epochs, $threads threads" >&2
    "$JAVA_HOME/bin/java" -Xss8m -Xms3g -Xmx3g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector \
      -Djava.awt.headless=true -Dember.threads="$threads" -cp "$classpath" \
      dev.ember.examples.fashion.FashionMnistTraining --model "$model" --epochs "$epochs" --batch "$batch" $flip \
      --out "$out/ember-$model" 2>&1 | tee "$out/ember-$model.log" | grep -E '^(Epoch|Test accuracy)' >&2
  fi
  if [[ " $engines " == *" pytorch "* ]]; then
    echo "== PyTorch $model, $epochs epochs, $threads threads" >&2
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS="$threads" "$python" benchmarks/pytorch/fashion_mnist_train.py \
      --model "$model" --epochs "$epochs" --batch "$batch" --threads "$threads" --cosine $flip \
      > "$out/pytorch-$model.log" 2>&1
    grep '^epoch' "$out/pytorch-$model.log" >&2
  fi
done

"$python" benchmarks/report/fashion_mnist_table.py --dir "$out" --models "$models" --epochs "$epochs" \
  --threads "$threads" --batch "$batch" ${flip:+--flip} | tee "$root/benchmarks/target/fashion-mnist.md"

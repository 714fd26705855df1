#!/usr/bin/env bash
# Ember side by side with PyTorch (Debian's python3-torch, CPU) and OpenBLAS, in one run on this machine; prints
# one table and writes it as markdown to benchmarks/target/side-by-side.md. See docs/benchmarks.md.
#   benchmarks/side-by-side.sh                 every workload at 1 and 2 threads (about 10 minutes on 2 cores)
#   benchmarks/side-by-side.sh --smoke         every workload briefly, to check the harness (figures meaningless)
#   benchmarks/side-by-side.sh --only 'gemm|mlp' --threads 2
#   benchmarks/side-by-side.sh --epoch         one Fashion-MNIST CNN epoch in Ember and in PyTorch instead
# Options:
#   --warmup N        warm-up iterations per measurement (default 2)
#   --iterations N    measured iterations per measurement (default 3)
#   --time-ms MS      length of each iteration (default 1000)
#   --forks N         JMH forks for Ember (default 1)
#   --threads "1 2"   thread counts (default "1 2"; 1 alone on a one-core machine)
#   --only REGEX      workload groups to run: gemm muladd sum softmax conv batchnorm overhead mlp cnn rnn (default all)
#   --jmh ARGS        more options for every Ember JMH run, e.g. --jmh "-prof gc"
#   --no-build        use the benchmark jar already built
#   --smoke           --warmup 0 --iterations 1 --time-ms 100 (and --epoch-images 640 with --epoch); also
#                     ignores JMH's lock, which otherwise stops a run while another JMH run is going on
#   --epoch           the epoch comparison instead (batch 64, at the largest --threads count)
#   --epoch-images N  train on N images instead of all 60000 (a quick check of --epoch)
set -euo pipefail

arguments="$*"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python=/usr/bin/python3
warmup=2
iterations=3
time_ms=1000
forks=1
threads_list="1 2"
[ "$(nproc)" -ge 2 ] || threads_list="1"
only=""
jmh_extra=""
build=true
epoch=false
epoch_images=""
smoke=false
jmh_host_flags=()

while [ "$#" -gt 0 ]; do
  case "$1" in
    --warmup) warmup="$2"; shift 2 ;;
    --iterations) iterations="$2"; shift 2 ;;
    --time-ms) time_ms="$2"; shift 2 ;;
    --forks) forks="$2"; shift 2 ;;
    --threads) threads_list="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --jmh) jmh_extra="$2"; shift 2 ;;
    --no-build) build=false; shift ;;
    --smoke) smoke=true; warmup=0; iterations=1; time_ms=100; shift ;;
    --epoch) epoch=true; shift ;;
    --epoch-images) epoch_images="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "side-by-side.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if $smoke && $epoch && [ -z "$epoch_images" ]; then epoch_images=640; fi
if $smoke; then jmh_host_flags=(-Djmh.ignoreLock=true); fi

# Workload groups. Ember runs each group's JMH benchmarks (a regex on benchmark names, so a benchmark class
# added later is plugged in here) with its JMH parameters; PyTorch runs the group of the same name in
# benchmarks/pytorch/side_by_side.py; OpenBLAS runs gemm only. The table maps results to rows in
# benchmarks/report/side_by_side_table.py.
groups=(gemm muladd sum softmax conv batchnorm overhead mlp cnn rnn)
declare -A ember_regex=(
  [gemm]='\.MatmulBenchmark\.matmul$'
  [muladd]='\.ElementwiseBenchmark\.(mulAdd|addcmul)$'
  [sum]='\.ReductionBenchmark\.sum$'
  [softmax]='\.ReductionBenchmark\.softmax$'
  [conv]='\.(Conv2dLayerBenchmark|StridedConvBenchmark)\.'
  [batchnorm]='\.BatchNormBenchmark\.'
  [overhead]='\.OverheadBenchmark\.'
  [mlp]='\.TrainingStepBenchmark\.mlpStep$'
  [cnn]='\.TrainingStepBenchmark\.(cnnStep|cnnStepAutocast|mnistCnnStep)$'
  [rnn]='\.RecurrentLayerBenchmark\.'
)
declare -A ember_params=(
  [gemm]='-p n=256,512,1024,2048 -p dtype=FLOAT32,FLOAT64,BFLOAT16,FLOAT16'
  [muladd]='-p size=16777216'
  [sum]='-p size=16777216'
)
gemm_sizes="256 512 1024 2048"
# Per-op overhead is a single-threaded cost: measured at 1 thread only.
single_thread_groups=" overhead "

# ---- prerequisites: one line naming what to install ----
missing=()
if ! [ -x "$python" ] || ! "$python" -c 'import torch' 2>/dev/null; then missing+=(python3-torch); fi
libopenblas="$( (ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null) | awk '$1 == "libopenblas.so.0" && !found { print $NF; found = 1 }')"
if [ -z "$libopenblas" ]; then missing+=(libopenblas0-pthread); fi
if ! command -v gcc >/dev/null; then missing+=(gcc); fi
if ! [ -f /usr/include/stdio.h ]; then missing+=(libc6-dev); fi
data=/usr/share/datasets/fashion-mnist
if $epoch && ! [ -f "$data/train-images-idx3-ubyte.gz" ]; then missing+=(dataset-fashion-mnist); fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "side-by-side.sh: missing prerequisites; install them with: apt-get install ${missing[*]}" >&2
  exit 1
fi

# Same JDK lookup as ./mvnw and run.sh: sets and exports JAVA_HOME (or exits); it turns globbing off.
. "$root/.mvn/find-jdk.sh"
set +f
java="$JAVA_HOME/bin/java"
jar="$root/benchmarks/target/ember-benchmarks.jar"
if $build; then
  echo "building $jar"
  (cd "$root" && ./mvnw -q -pl benchmarks -am package -DskipTests)
fi
[ -f "$jar" ] || { echo "side-by-side.sh: $jar is missing; run without --no-build" >&2; exit 1; }
print_table() { "$python" "$root/benchmarks/report/side_by_side_table.py" "$@"; }

# Runs a command with its output in a log file; on failure shows the log's end and stops.
logged() {
  local log="$1"; shift
  if ! "$@" >"$log" 2>&1; then
    echo "side-by-side.sh: failed: $*" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
}

# ---- the Fashion-MNIST epoch ----
if $epoch; then
  out="$root/benchmarks/target/side-by-side-epoch"
  rm -rf "$out" && mkdir -p "$out"
  threads="$(printf '%s\n' $threads_list | sort -n | tail -n 1)"  # the largest count
  limit=()
  [ -z "$epoch_images" ] || limit=(--images "$epoch_images")
  echo "Fashion-MNIST CNN epoch, batch 64, $threads thread(s), ${epoch_images:-60000} training images"
  echo "  Ember (-Dember.threads=$threads)"
  "$java" -Xss8m -Xms2g -Xmx2g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector -Dember.threads="$threads" -cp "$jar" \
    dev.ember.benchmarks.training.FashionMnistEpoch --data "$data" --batch 64 "${limit[@]}" \
    >"$out/ember-epoch.json" 2>"$out/ember-epoch.log" || { cat "$out/ember-epoch.log" >&2; exit 1; }
  echo "  PyTorch (OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=$threads)"
  logged "$out/pytorch-epoch.log" env OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS="$threads" \
    "$python" "$root/benchmarks/pytorch/fashion_mnist_epoch.py" --data "$data" --threads "$threads" --batch 64 \
    "${limit[@]}" --out "$out/pytorch-epoch.json"
  echo
  print_table "$out" --epoch --markdown "$root/benchmarks/target/side-by-side-epoch.md"
  echo "(markdown: benchmarks/target/side-by-side-epoch.md)"
  exit 0
fi

# ---- the workloads ----
out="$root/benchmarks/target/side-by-side"
rm -rf "$out" && mkdir -p "$out"
gemm_bin="$root/benchmarks/target/openblas-gemm"
gcc -O2 -o "$gemm_bin" "$root/benchmarks/openblas/gemm.c" "$libopenblas" -lm

settings="warm-up $warmup x ${time_ms} ms, $iterations x ${time_ms} ms measured"
echo "threads: $threads_list; each measurement: $settings; results in $out"
for group in "${groups[@]}"; do
  if [ -n "$only" ] && ! [[ "$group" =~ ^($only)$ ]]; then continue; fi
  for threads in $threads_list; do
    if [[ "$single_thread_groups" == *" $group "* ]] && [ "$threads" != 1 ]; then continue; fi
    tag="$group-t$threads"

    echo "$group, $threads thread(s): Ember"
    # -jvmArgsAppend replaces the @Fork annotation's, so it repeats its flags (a fixed, pre-touched heap: see docs/benchmarks.md)
    # shellcheck disable=SC2086 # the parameter lists are meant to split into words
    logged "$out/ember-$tag.log" "$java" "${jmh_host_flags[@]}" --add-modules jdk.incubator.vector -jar "$jar" \
      -f "$forks" -wi "$warmup" -w "${time_ms}ms" -i "$iterations" -r "${time_ms}ms" -foe true \
      -jvmArgsAppend "-Xss8m -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Dember.threads=$threads" ${ember_params[$group]:-} $jmh_extra \
      -rf json -rff "$out/ember-$tag.json" "${ember_regex[$group]}"

    # Matrix products are all OpenBLAS in Debian's torch, so they get the BLAS threads; elsewhere torch's
    # OpenMP threads do the work and OpenBLAS threads would compete with them (docs/benchmarks.md).
    blas_threads=1
    [ "$group" != gemm ] || blas_threads="$threads"
    echo "$group, $threads thread(s): PyTorch (OPENBLAS_NUM_THREADS=$blas_threads OMP_NUM_THREADS=$threads)"
    logged "$out/pytorch-$tag.log" env OPENBLAS_NUM_THREADS="$blas_threads" OMP_NUM_THREADS="$threads" \
      "$python" "$root/benchmarks/pytorch/side_by_side.py" --threads "$threads" --groups "$group" \
      --warmup "$warmup" --iterations "$iterations" --time-ms "$time_ms" --out "$out/pytorch-$tag.json"

    if [ "$group" = gemm ]; then
      echo "$group, $threads thread(s): OpenBLAS"
      # shellcheck disable=SC2086
      OPENBLAS_NUM_THREADS="$threads" "$gemm_bin" "$threads" "$warmup" "$iterations" "$time_ms" $gemm_sizes \
        >"$out/openblas-$tag.json" 2>"$out/openblas-$tag.log" || { cat "$out/openblas-$tag.log" >&2; exit 1; }
    fi
  done
done

echo
print_table "$out" --markdown "$root/benchmarks/target/side-by-side.md" \
  --note "Each measurement: $settings; Ember with $forks JMH fork(s). Command: benchmarks/side-by-side.sh $arguments"
echo "(markdown: benchmarks/target/side-by-side.md)"

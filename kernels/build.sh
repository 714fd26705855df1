#!/usr/bin/env bash
# Compiles kernels/src/main/cuda/kernels.cu into the fatbin engine-cuda loads, and writes beside it, in
# kernels/src/main/resources/dev/ember/cuda/kernels/:
#   kernels.fatbin  sm_80 and sm_90 machine code and compute_90 PTX, with the flags in kernels/nvcc.flags
#   kernels.index   the kernel names ptxas compiled, sorted, one per line
#   kernels.stamp   sha256 over the sources and the flags (KernelsCurrentTest recomputes it), nvcc's version
#   kernels.params  each kernel's parameter types as PTX declares them (name, then b8[72] / u64 / u32 / f64 ...),
#                   so engine-cuda checks every launch's arguments against the compiled code, GPU or not
# Run it after changing anything under src/main/cuda or nvcc.flags, and commit the three files.
# Fails if ptxas reports a register spill, or a stack frame in a kernel outside STACK_ALLOWED.
#
# Usage: kernels/build.sh            (nvcc from $NVCC, /usr/local/cuda/bin/nvcc or PATH)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/src/main/cuda"
out="$here/src/main/resources/dev/ember/cuda/kernels"
work="$here/target/kernels-build"

# Kernels whose stack frame is libdevice's, not a spill: the slow path of double sin/cos/tan argument reduction
# (only taken for |x| beyond about 2^20) keeps a small array in local memory.
STACK_ALLOWED='^(sin_f64|cos_f64|tan_f64|random_normal_f32|random_normal_f64|random_normal_f16|random_normal_bf16)$'

nvcc="${NVCC:-}"
if [[ -z "$nvcc" ]]; then
    if [[ -x /usr/local/cuda/bin/nvcc ]]; then nvcc=/usr/local/cuda/bin/nvcc
    elif command -v nvcc >/dev/null; then nvcc="$(command -v nvcc)"
    else echo "build.sh: no nvcc: set NVCC, install the CUDA toolkit at /usr/local/cuda, or put nvcc on PATH" >&2; exit 1
    fi
fi

flags="$(tr -s '[:space:]' ' ' < "$here/nvcc.flags" | sed 's/^ //; s/ $//')"

sha256() {
    if command -v sha256sum >/dev/null; then sha256sum | cut -d' ' -f1; else shasum -a 256 | cut -d' ' -f1; fi
}

# The stamp's hash input; KernelsCurrentTest builds the same bytes: for each file under src/main/cuda, sorted
# by its relative path, "file PATH\nSIZE\n" and its contents; then "flags FLAGS\n".
hash_input() {
    (cd "$src" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) | while IFS= read -r f; do
        printf 'file %s\n%s\n' "$f" "$(wc -c < "$src/$f" | tr -d ' ')"
        cat "$src/$f"
    done
    printf 'flags %s\n' "$flags"
}

rm -rf "$work"
mkdir -p "$work" "$out"
echo "build.sh: $nvcc $flags (about 15 s)"
# --resource-usage only reports; one ptxas thread keeps each kernel's report lines together.
# shellcheck disable=SC2086
"$nvcc" $flags --resource-usage --threads 1 -o "$work/kernels.fatbin" "$src/kernels.cu" > "$work/resource-usage.txt" 2>&1 || {
    cat "$work/resource-usage.txt" >&2
    exit 1
}

# One line per (arch, kernel): arch name registers stack spill-stores spill-loads. Fields split at the quotes
# of "Compiling entry function 'NAME' for 'sm_XX'"; the other lines are split at blanks.
awk -F "'" '
    /Compiling entry function/ { name = $2; arch = $4; next }
    /bytes stack frame/        { split($0, w, " "); stack = w[1]; stores = w[5]; loads = w[9]; next }
    /Used [0-9]+ registers/    { if (name != "") { split($0, w, "Used "); split(w[2], r, " "); print arch, name, r[1], stack, stores, loads; name = "" } }
' "$work/resource-usage.txt" > "$work/usage.txt"

awk '$1 == "sm_90" { print $2 }' "$work/usage.txt" | LC_ALL=C sort > "$work/kernels.index"
awk '$1 == "sm_80" { print $2 }' "$work/usage.txt" | LC_ALL=C sort > "$work/sm_80.index"
if [[ ! -s "$work/kernels.index" ]] || ! cmp -s "$work/kernels.index" "$work/sm_80.index"; then
    echo "build.sh: ptxas compiled different kernels for sm_80 and sm_90, or none (see $work/resource-usage.txt)" >&2
    exit 1
fi
if grep -v -E '^[a-z0-9_]+$' "$work/kernels.index"; then
    echo "build.sh: the kernel names above are not [a-z0-9_]+ (extern \"C\" missing?)" >&2
    exit 1
fi

spills="$(awk '$5 > 0 || $6 > 0' "$work/usage.txt")"
stacks="$(awk '$4 > 0 { print $2 }' "$work/usage.txt" | sort -u | grep -v -E "$STACK_ALLOWED" || true)"
if [[ -n "$spills" || -n "$stacks" ]]; then
    echo "build.sh: register spills (arch kernel registers stack stores loads):" >&2
    echo "${spills:-none}" >&2
    echo "build.sh: kernels with a stack frame outside STACK_ALLOWED: ${stacks:-none}" >&2
    exit 1
fi

# Parameter types from the compute_90 PTX: ".param .align 4 .b8 NAME_param_0[72]" -> b8[72], ".param .u64 X" -> u64.
"$nvcc" -ptx -O3 -std=c++17 -arch=compute_90 -o "$work/kernels.ptx" "$src/kernels.cu"
awk '
    /^\.visible \.entry / { name = $3; sub(/\(.*/, "", name); params = ""; inside = 1; next }
    inside && /\.param/    { t = $0; sub(/.*\.param[ \t]+/, "", t); sub(/^\.align [0-9]+ /, "", t)
                             split(t, w, " "); type = substr(w[1], 2); size = ""
                             if (match(w[2], /\[[0-9]+\]/)) size = substr(w[2], RSTART, RLENGTH)
                             params = params (params == "" ? "" : ",") type size; next }
    inside && /^\)/        { print name " " params; inside = 0 }
' "$work/kernels.ptx" | LC_ALL=C sort > "$work/kernels.params"
if ! cmp -s <(cut -d' ' -f1 "$work/kernels.params") "$work/kernels.index"; then
    echo "build.sh: the PTX entries differ from the compiled kernels (see $work/kernels.params)" >&2
    exit 1
fi

{
    echo "sha256 $(hash_input | sha256)"
    echo "flags $flags"
    echo "nvcc $("$nvcc" --version | grep -E 'release|V[0-9]' | tr '\n' ' ' | sed 's/ $//')"
} > "$work/kernels.stamp"

cp "$work/kernels.fatbin" "$work/kernels.index" "$work/kernels.stamp" "$work/kernels.params" "$out/"
echo "build.sh: $(wc -l < "$out/kernels.index" | tr -d ' ') kernels, $(wc -c < "$out/kernels.fatbin" | tr -d ' ') bytes in $out/kernels.fatbin"
echo "build.sh: no spills; registers per thread of the block-reduction kernels (the full report: $work/resource-usage.txt):"
awk '$2 ~ /^(sum|prod|max|min|argmax|argmin|softmax)(_partials|_combine)?_(b|i32|i64|f32|f64|f16|bf16)$/ {
         op = $2; sub(/_[a-z0-9]+$/, "", op); key = $1 " " op
         if (!(key in lo) || $3 < lo[key]) lo[key] = $3
         if (!(key in hi) || $3 > hi[key]) hi[key] = $3
     }
     END { for (k in lo) print "  " k " " (lo[k] == hi[k] ? lo[k] : lo[k] "-" hi[k]) }' "$work/usage.txt" | sort

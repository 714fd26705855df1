#!/usr/bin/env bash
# Unpacks NVIDIA's NCCL (libnccl.so.2 and nccl.h) from the nvidia-nccl-cu13 wheel, the one PyTorch's CUDA wheels
# install, into DIR/nvidia/nccl/{lib,include} (DIR default /opt/cudalibs, beside cuBLAS and cuDNN), so that
# NcclBindingTest checks Ember's NCCL binding against the real library and header instead of skipping. No GPU is
# needed: the test resolves every bound symbol and calls only ncclGetVersion and ncclGetErrorString.
# The wheel: $NCCL_WHEEL, else the first /opt/pypi-more/files/nvidia_nccl_cu13-*.whl (this machine's local copy; PyPI
# itself is not reachable from the build machines). Without one it says so and exits 0: the test then skips.
#
#   distributed/unpack-nccl.sh [DIR]
set -euo pipefail
dir=${1:-/opt/cudalibs}
if [[ -f $dir/nvidia/nccl/lib/libnccl.so.2 && -f $dir/nvidia/nccl/include/nccl.h ]]; then
    echo "unpack-nccl.sh: $dir already holds NCCL"
    exit 0
fi
wheel=${NCCL_WHEEL:-$(ls /opt/pypi-more/files/nvidia_nccl_cu13-*.whl 2>/dev/null | head -1 || true)}
if [[ -z $wheel || ! -f $wheel ]]; then
    echo "unpack-nccl.sh: no nvidia-nccl-cu13 wheel on this machine (set NCCL_WHEEL); NcclBindingTest will skip" >&2
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unzip -q -o "$wheel" 'nvidia/nccl/lib/libnccl.so.2' 'nvidia/nccl/include/nccl.h' -d "$tmp"
mkdir -p "$dir/nvidia/nccl"
cp -r "$tmp/nvidia/nccl/lib" "$tmp/nvidia/nccl/include" "$dir/nvidia/nccl/"
echo "unpack-nccl.sh: NCCL from $(basename "$wheel") is in $dir/nvidia/nccl"

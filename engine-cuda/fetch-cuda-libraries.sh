#!/usr/bin/env bash
# Unpacks real cuBLAS 12.6, cuDNN 9.5 and nvrtc 12.6 (Linux x86-64) into DIR (default /opt/cudalibs), in the
# folders NVIDIA's Python wheels use (nvidia/cublas/lib, nvidia/cudnn/lib, nvidia/cuda_nvrtc/lib), so that the
# engine-cuda tests that need the real libraries (CublasTest, CudnnTest, ConvolutionDescriptorsTest) run on a
# machine without a GPU instead of skipping: symbols, versions, descriptors and the preloading of cuDNN's
# sub-libraries by full path. They come from Maven Central, in JavaCPP's CUDA redistributable jar (2 GB, checked
# against its published SHA-1); only the libraries are kept (1.5 GB). Does nothing if DIR already holds them.
#
#   engine-cuda/fetch-cuda-libraries.sh [DIR]
set -euo pipefail
dir=${1:-/opt/cudalibs}
version=12.6-9.5-1.5.11
url=https://repo.maven.apache.org/maven2/org/bytedeco/cuda/$version/cuda-$version-linux-x86_64-redist.jar

if [[ -f $dir/nvidia/cudnn/lib/libcudnn.so.9 && -f $dir/nvidia/cublas/lib/libcublas.so.12 ]]; then
    echo "fetch-cuda-libraries.sh: $dir already holds cuBLAS and cuDNN"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetch-cuda-libraries.sh: downloading $url"
curl -fsS --retry 3 -o "$tmp/redist.jar" "$url"
expected=$(curl -fsS --retry 3 "$url.sha1" | cut -c1-40)
actual=$(sha1sum "$tmp/redist.jar" | cut -c1-40)
if [[ $expected != "$actual" ]]; then
    echo "fetch-cuda-libraries.sh: SHA-1 of the download is $actual, Maven Central says $expected" >&2
    exit 1
fi
from=org/bytedeco/cuda/linux-x86_64
unpack() {   # unpack FOLDER PATTERN...
    local folder=$1
    shift
    mkdir -p "$tmp/out/nvidia/$folder/lib"
    for pattern in "$@"; do
        unzip -q -j -o "$tmp/redist.jar" "$from/$pattern" -d "$tmp/out/nvidia/$folder/lib"
    done
}
unpack cublas 'libcublas.so.12' 'libcublasLt.so.12'
unpack cudnn 'libcudnn*.so.9'
unpack cuda_nvrtc 'libnvrtc.so.12' 'libnvrtc-builtins.so.12*'
rm "$tmp/redist.jar"
mkdir -p "$dir"
cp -R "$tmp/out/." "$dir/"
echo "fetch-cuda-libraries.sh: cuBLAS, cuDNN and nvrtc are in $dir/nvidia"

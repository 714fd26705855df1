#!/bin/sh
# The mechanical part of 64-bit sizes (issue 19): the CPU kernels keep int indexing into Java arrays, so where they
# read a Layout's strides, offset, element count or an index they take its int-narrowing accessors (which throw when
# a value does not fit), and Shape.numel(int[]) (now long) becomes IntSizes.numel. Re-runnable: it changes nothing
# on files already converted. Run from the repository root: sh storage-64/rename.sh
set -e
cd engine-cpu/src/main/java/dev/ember/cpu
sed -i -E \
    -e 's/\.strides\(\)\.clone\(\)/.intStrides()/g' \
    -e 's/\.strides\(\)\[([A-Za-z0-9_ +-]+)\]/.intStride(\1)/g' \
    -e 's/\.strides\(\)/.intStrides()/g' \
    -e 's/\.offset\(\)/.intOffset()/g' \
    -e 's/\.numel\(\)/.intNumel()/g' \
    -e 's/\.stride\(/.intStride(/g' \
    -e 's/\.indexOf\(/.intIndexOf(/g' \
    -e 's/\bShape\.numel\(/IntSizes.numel(/g' \
    CpuBackend.java CpuIndexing.java CpuMatmul.java CpuReduce.java CpuScan.java CpuSort.java HalfKernels.java \
    ReduceLayout.java RowLoop.java

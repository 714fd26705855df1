#!/bin/sh
# The mechanical part of 64-bit sizes (issue 19), kept so it can be re-run after merges.
#
# What it rewrites: Layout's strides, offset, element count and indexOf are long now, but the CPU kernels keep int
# indexing into Java arrays. So in the CPU kernel files listed below, every read of a Layout goes through its checked
# int-narrowing accessors, which throw naming the layout when a value does not fit (the backend's SizeLimits has
# refused such operands by the op's name before a kernel runs, so these are the last guard):
#     x.strides().clone()  -> x.intStrides()          x.strides()[d] -> x.intStride(d)
#     x.strides()          -> x.intStrides()          x.stride(d)    -> x.intStride(d)
#     x.offset()           -> x.intOffset()           x.numel()      -> x.intNumel()
#     x.indexOf(i)         -> x.intIndexOf(i)         Shape.numel(s) -> IntSizes.numel(s)   (int, checked)
#
# Idempotent: every pattern needs a '.' (or "Shape.") right before the old name, which the new names (intStrides,
# intOffset, ...) never have, so a second run changes nothing; run it on files already converted, partly converted,
# or freshly taken from main.
#
# Merging main into storage-64: where an engine-cpu kernel file conflicts, resolve it by taking main's version of the
# file, then re-run this script and build:
#     git checkout --theirs -- engine-cpu/src/main/java/dev/ember/cpu/CpuReduce.java   # main's side (while merging main)
#     sh storage-64/rename.sh
#     ./mvnw -q -B -o -pl engine-api,engine-cpu -am verify
# Files it touches: only those named at the bottom. CpuBackend.java is listed but has hand-written 64-bit code
# (allocate, fill, copy, toArray, SUM through LargeKernels, SizeLimits.check at every op): on a conflict there,
# keep storage-64's side and re-apply main's change by hand, then run the script for the lines main added.
# A new kernel file from another branch that reads a Layout fails to compile with "possible lossy conversion from
# long to int": add it to the list and re-run. Check the diff after a run: the patterns are textual, so a .offset(),
# .stride(, .numel() or .indexOf( on something that is not a Layout (MatrixLayout.offset(), String.indexOf) in the
# listed files would be renamed too and no longer compile (none do today). New op entry points in CpuBackend need a
# SizeLimits.check(op, operands...) first, by hand: the script cannot add those.
#
# Run from the repository root: sh storage-64/rename.sh
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
    CpuBackend.java CpuElementwise.java CpuIndexing.java CpuMatmul.java CpuReduce.java CpuScan.java CpuSort.java HalfKernels.java \
    ReduceLayout.java RowLoop.java

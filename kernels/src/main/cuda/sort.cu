// sort_T (ABI.md): one thread per line, in a grid-stride loop over the lines; the thread's work is sort_ops.cuh's.
// The simple form, correct first: a line's O(length log length) comparisons run on one thread, so a few long lines
// (a full sort of one vector) use a handful of threads.
#pragma once

#include "sort_ops.cuh"

#define EMBER_SORT(SUF, T)                                                                                        \
    extern "C" __global__ void sort_##SUF(Strided lines, const T* x, int xStride, Strided outLines, int outStride,  \
                                          T* values, long long* indices, T* scratchValues,                         \
                                          long long* scratchIndices, int rows, int length, int descending) {       \
        EMBER_GRID_STRIDE(r, rows)                                                                                \
            sort_line<T>(lines, x, xStride, outLines, outStride, values, indices, scratchValues, scratchIndices,  \
                         (unsigned int) r, length, descending != 0);                                               \
    }
EMBER_SORT(b, ember_bool)
EMBER_SORT(i32, int)
EMBER_SORT(i64, long long)
EMBER_SORT(f32, float)
EMBER_SORT(f64, double)
EMBER_SORT(f16, __half)
EMBER_SORT(bf16, __nv_bfloat16)

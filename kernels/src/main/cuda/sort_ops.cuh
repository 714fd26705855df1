// What one thread of sort_T does (ABI.md): one whole line, sorted stably by a bottom-up merge sort that ping-pongs
// between the line's place in the outputs and its own row of scratch. __host__ __device__ so that
// src/test/cuda/host_check.cu runs the same comparisons and merges as the kernel. The order is the CPU's
// (engine-cpu CpuSort): NaN after every number, -0.0 equal to 0.0, false before true; a merge takes from the right
// run only when its element goes strictly before the left run's, so equal elements keep their order.
// Plain scalars, no arrays or structs chosen at run time: build.sh refuses a kernel with a stack frame.
#pragma once

#include "indexing_ops.cuh"

// The order key: bool by truth (any non-zero byte is true), the half types by their float values (the elements
// themselves are moved, bits and all), every other type as it is.
template <typename T> __host__ __device__ __forceinline__ T sort_key(T v) { return v; }
__host__ __device__ __forceinline__ ember_bool sort_key(ember_bool v) { return v != 0 ? 1 : 0; }
__host__ __device__ __forceinline__ float sort_key(__half v) { return to_float(v); }
__host__ __device__ __forceinline__ float sort_key(__nv_bfloat16 v) { return to_float(v); }

// Whether a goes strictly before b. v != v is the NaN test (never true for integers).
template <typename T>
__host__ __device__ __forceinline__ bool sort_before(T a, T b, bool descending) {
    const auto ka = sort_key(a), kb = sort_key(b);
    const bool aNan = ka != ka, bNan = kb != kb;
    return descending ? (ka > kb || (aNan && !bNan)) : (ka < kb || (bNan && !aNan));
}

// Line r (row-major over `lines`, x's dims but the sorted one, at x's offset) of `length` elements x[from + k *
// xStride] into values/indices at to + k * outStride (`outLines`: the contiguous outputs' same dims, offset 0).
// scratch row r is [r * length, (r + 1) * length) of scratchValues/scratchIndices.
template <typename T>
__host__ __device__ __forceinline__ void sort_line(const Strided& lines, const T* x, int xStride,
                                                   const Strided& outLines, int outStride, T* values,
                                                   long long* indices, T* scratchValues, long long* scratchIndices,
                                                   unsigned int r, int length, bool descending) {
    const Coordinates c = coordinates(lines, r);
    const long long from = position(lines, lines.rank, c);
    const long long to = position(outLines, outLines.rank, c);
    const long long row = (long long) r * length;
    const long long n = length;
    for (long long k = 0; k < n; k++) {
        values[to + k * outStride] = x[from + k * xStride];
        indices[to + k * outStride] = k;
    }
    bool inOutput = true;   // where the sorted runs are now
    for (long long width = 1; width < n; width *= 2) {
        T* sv = inOutput ? values : scratchValues;
        long long* si = inOutput ? indices : scratchIndices;
        T* dv = inOutput ? scratchValues : values;
        long long* di = inOutput ? scratchIndices : indices;
        const long long sAt = inOutput ? to : row, sStep = inOutput ? outStride : 1;
        const long long dAt = inOutput ? row : to, dStep = inOutput ? 1 : outStride;
        for (long long lo = 0; lo < n; lo += 2 * width) {
            const long long mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            long long i = lo, j = mid;
            for (long long k = lo; k < hi; k++) {
                const bool right = j < hi && (i >= mid || sort_before(sv[sAt + j * sStep], sv[sAt + i * sStep], descending));
                const long long take = right ? j++ : i++;
                dv[dAt + k * dStep] = sv[sAt + take * sStep];
                di[dAt + k * dStep] = si[sAt + take * sStep];
            }
        }
        inOutput = !inOutput;
    }
    if (!inOutput) {
        for (long long k = 0; k < n; k++) {
            values[to + k * outStride] = scratchValues[row + k];
            indices[to + k * outStride] = scratchIndices[row + k];
        }
    }
}

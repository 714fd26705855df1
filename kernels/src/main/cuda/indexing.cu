// gather and scatter kernels (ABI.md): one thread per element of the index, in a grid-stride loop. The element
// functions are indexing_ops.cuh's.
#pragma once

#include "indexing_ops.cuh"

#define EMBER_GATHER(SUF, T)                                                                                      \
    extern "C" __global__ void gather_##SUF(Strided src, const T* s, int dim, Strided index, const long long* ip,  \
                                            Strided out, T* o, int n) {                                             \
        EMBER_GRID_STRIDE(i, n) gather_element<T>(src, s, dim, index, ip, out, o, (unsigned int) i);               \
    }
#define EMBER_SCATTER(MODE, ADD, SUF, T)                                                                          \
    extern "C" __global__ void scatter_##MODE##_##SUF(Strided dst, T* d, int dim, Strided index,                  \
                                                      const long long* ip, Strided src, const T* s, int n) {      \
        EMBER_GRID_STRIDE(i, n) scatter_element<T, ADD>(dst, d, dim, index, ip, src, s, (unsigned int) i);         \
    }
#define EMBER_INDEXING(SUF, T)            \
    EMBER_GATHER(SUF, T)                  \
    EMBER_SCATTER(replace, false, SUF, T) \
    EMBER_SCATTER(add, true, SUF, T)
EMBER_INDEXING(b, ember_bool)
EMBER_INDEXING(i32, int)
EMBER_INDEXING(i64, long long)
EMBER_INDEXING(f32, float)
EMBER_INDEXING(f64, double)
// The half types move their elements' bits; scatter add is not theirs yet: the CPU adds in float32 and rounds once,
// where an atomic add on a half would round at every add.
EMBER_GATHER(f16, __half)
EMBER_GATHER(bf16, __nv_bfloat16)
EMBER_SCATTER(replace, false, f16, __half)
EMBER_SCATTER(replace, false, bf16, __nv_bfloat16)

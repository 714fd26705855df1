// 2-D pooling kernels (ABI.md): one thread per output element (per input element for the backward pass), in a
// grid-stride loop. The element functions are pooling_ops.cuh's.
#pragma once

#include "pooling_ops.cuh"

#define EMBER_POOL_GEOMETRY int N, int C, int H, int W, int oH, int oW, int kH, int kW, int sH, int sW, int pH, int pW
#define EMBER_POOLING(SUF, T)                                                                                  \
    extern "C" __global__ void max_pool2d_##SUF(const T* x, T* out, long long* idx, EMBER_POOL_GEOMETRY) {     \
        const Pool2d g{N, C, H, W, oH, oW, kH, kW, sH, sW, pH, pW};                                            \
        EMBER_GRID_STRIDE(o, (long long) N * C * oH * oW) max_pool2d_element<T>(x, out, idx, g, (unsigned int) o); \
    }                                                                                                          \
    extern "C" __global__ void avg_pool2d_##SUF(const T* x, T* out, EMBER_POOL_GEOMETRY) {                     \
        const Pool2d g{N, C, H, W, oH, oW, kH, kW, sH, sW, pH, pW};                                            \
        EMBER_GRID_STRIDE(o, (long long) N * C * oH * oW) avg_pool2d_element<T>(x, out, g, (unsigned int) o);  \
    }                                                                                                          \
    extern "C" __global__ void avg_pool2d_backward_##SUF(const T* dy, T* dx, EMBER_POOL_GEOMETRY) {            \
        const Pool2d g{N, C, H, W, oH, oW, kH, kW, sH, sW, pH, pW};                                            \
        EMBER_GRID_STRIDE(e, (long long) N * C * H * W) avg_pool2d_backward_element<T>(dy, dx, g, (unsigned int) e); \
    }
EMBER_POOLING(f32, float)
EMBER_POOLING(f64, double)
EMBER_POOLING(f16, __half)
EMBER_POOLING(bf16, __nv_bfloat16)

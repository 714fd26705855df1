// Scan kernels (ABI.md): one thread per row along the scanned dim, in a grid-stride loop over the rows; the
// per-thread work is scan_ops.cuh's. The simple form: a row of n elements costs one thread n steps.
#pragma once

#include "scan_ops.cuh"

#define EMBER_SCAN(OP, KIND, SUF, T)                                                                              \
    extern "C" __global__ void OP##_##SUF(Strided x_rows, const T* x, int x_stride, Strided out_rows, T* out,     \
                                          int out_stride, int length, int rows) {                                 \
        EMBER_GRID_STRIDE(r, rows)                                                                                \
            scan_row<T, KIND>(x_rows, x, x_stride, out_rows, out, nullptr, out_stride, length, (unsigned int) r); \
    }
#define EMBER_SCAN_INDEXED(OP, KIND, SUF, T)                                                                      \
    extern "C" __global__ void OP##_##SUF(Strided x_rows, const T* x, int x_stride, Strided out_rows, T* out,     \
                                          long long* indices, int out_stride, int length, int rows) {             \
        EMBER_GRID_STRIDE(r, rows)                                                                                \
            scan_row<T, KIND>(x_rows, x, x_stride, out_rows, out, indices, out_stride, length, (unsigned int) r); \
    }
#define EMBER_SCAN_EXTREMES(SUF, T)                  \
    EMBER_SCAN_INDEXED(cummax, SCAN_MAX, SUF, T)     \
    EMBER_SCAN_INDEXED(cummin, SCAN_MIN, SUF, T)
#define EMBER_SCAN_ARITHMETIC(SUF, T)                \
    EMBER_SCAN(cumsum, SCAN_SUM, SUF, T)             \
    EMBER_SCAN(cumprod, SCAN_PROD, SUF, T)
EMBER_SCAN_EXTREMES(b, ember_bool)
EMBER_SCAN_EXTREMES(i32, int)
EMBER_SCAN_EXTREMES(i64, long long)
EMBER_SCAN_EXTREMES(f32, float)
EMBER_SCAN_EXTREMES(f64, double)
EMBER_SCAN_ARITHMETIC(i64, long long)
EMBER_SCAN_ARITHMETIC(f32, float)
EMBER_SCAN_ARITHMETIC(f64, double)
EMBER_SCAN(logcumsumexp, SCAN_LOGSUMEXP, f32, float)
EMBER_SCAN(logcumsumexp, SCAN_LOGSUMEXP, f64, double)
// the half types: every scan, computed as float32's and rounded once more (scan_ops.cuh)
EMBER_SCAN_EXTREMES(f16, __half)
EMBER_SCAN_EXTREMES(bf16, __nv_bfloat16)
EMBER_SCAN_ARITHMETIC(f16, __half)
EMBER_SCAN_ARITHMETIC(bf16, __nv_bfloat16)
EMBER_SCAN(logcumsumexp, SCAN_LOGSUMEXP, f16, __half)
EMBER_SCAN(logcumsumexp, SCAN_LOGSUMEXP, bf16, __nv_bfloat16)

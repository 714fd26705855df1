// Softmax and log-softmax kernels (ABI.md): one block of EMBER_BLOCK threads per row, grid-stride over rows;
// three passes over the row (max, sum of exponentials, output), the arithmetic softmax_ops.cuh's.
#pragma once

#include "block_reduce.cuh"
#include "softmax_ops.cuh"

struct java_max_of { template <typename T> __device__ T operator()(T a, T b) const { return java_max(a, b); } };
struct add_doubles { __device__ double operator()(double a, double b) const { return a + b; } };

template <typename T>
__device__ __forceinline__ void softmax_body(const T* x, T* out, int rows, int length, int log_softmax) {
    typedef typename compute_of<T>::type C;   // float for the half types, each output rounded once
    __shared__ C max_slots[EMBER_WARPS + 1];
    __shared__ double sum_slots[EMBER_WARPS + 1];
    for (long long r = blockIdx.x; r < rows; r += gridDim.x) {   // the same trip count for the whole block
        const T* row = x + r * length;
        T* o = out + r * length;
        const C row_max = block_reduce(row_max_partial(row, threadIdx.x, blockDim.x, length), java_max_of{},
                                       (C) -INFINITY, max_slots);
        const double sum = block_reduce(exp_sum_partial(row, row_max, threadIdx.x, blockDim.x, length),
                                        add_doubles{}, 0.0, sum_slots);
        const SoftmaxRow<C> stats = softmax_row(row_max, sum);
        for (long long j = threadIdx.x; j < length; j += blockDim.x) {
            o[j] = store_as<T>(softmax_value(load_as<C>(row[j]), stats, log_softmax != 0));
        }
    }
}

#define EMBER_SOFTMAX(SUF, T)                                                                                  \
    extern "C" __global__ void __launch_bounds__(EMBER_BLOCK) softmax_##SUF(const T* x, T* out, int rows,     \
                                                                          int length, int log_softmax) {     \
        softmax_body<T>(x, out, rows, length, log_softmax);                                                    \
    }
EMBER_SOFTMAX(f32, float)
EMBER_SOFTMAX(f64, double)
EMBER_SOFTMAX(f16, __half)
EMBER_SOFTMAX(bf16, __nv_bfloat16)

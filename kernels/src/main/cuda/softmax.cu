// Softmax and log-softmax of contiguous rows (ABI.md): one block of EMBER_BLOCK threads per row, grid-stride over
// rows; three passes over the row (max, sum of exponentials, output). The arithmetic is the CPU's per dtype
// (engine-cpu VectorSoftmaxRows for float32, CpuSoftmax for float64): the max and the exponentials in the
// element type, their sum in double; float32 scales by the float of 1/sum and shifts by the float of
// max + log(sum), float64 divides by the sum and shifts by max + log(sum).
#pragma once

#include "block_reduce.cuh"
#include "element_ops.cuh"

struct java_max_of { template <typename T> __device__ T operator()(T a, T b) const { return java_max(a, b); } };
struct add_doubles { __device__ double operator()(double a, double b) const { return a + b; } };

template <typename T>
__device__ __forceinline__ void softmax_body(const T* x, T* out, int rows, int length, int log_softmax) {
    __shared__ T max_slots[EMBER_WARPS + 1];
    __shared__ double sum_slots[EMBER_WARPS + 1];
    for (long long r = blockIdx.x; r < rows; r += gridDim.x) {   // the same trip count for the whole block
        const T* row = x + r * length;
        T* o = out + r * length;
        T row_max = -INFINITY;   // a NaN anywhere makes the max, and so the whole row, NaN
        for (long long j = threadIdx.x; j < length; j += blockDim.x) row_max = java_max(row_max, row[j]);
        row_max = block_reduce(row_max, java_max_of{}, (T) -INFINITY, max_slots);
        double sum = 0;
        for (long long j = threadIdx.x; j < length; j += blockDim.x) sum += m_exp(row[j] - row_max);
        sum = block_reduce(sum, add_doubles{}, 0.0, sum_slots);
        if (log_softmax) {
            const T shift = (T) (row_max + log(sum));
            for (long long j = threadIdx.x; j < length; j += blockDim.x) o[j] = row[j] - shift;
        } else if constexpr (same_type<T, float>::value) {
            const float scale = (float) (1 / sum);
            for (long long j = threadIdx.x; j < length; j += blockDim.x) o[j] = m_exp(row[j] - row_max) * scale;
        } else {
            for (long long j = threadIdx.x; j < length; j += blockDim.x) o[j] = m_exp(row[j] - row_max) / sum;
        }
    }
}

#define EMBER_SOFTMAX(SUF, T)                                                                                      \
    extern "C" __global__ void __launch_bounds__(EMBER_BLOCK) softmax_##SUF(const T* x, T* out, int rows, int length, \
                                                                          int log_softmax) {                         \
        softmax_body<T>(x, out, rows, length, log_softmax);                                                          \
    }
EMBER_SOFTMAX(f32, float)
EMBER_SOFTMAX(f64, double)

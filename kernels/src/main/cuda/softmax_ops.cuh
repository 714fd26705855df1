// What one thread of a softmax kernel computes over a contiguous row (ABI.md), __host__ __device__ so that
// src/test/cuda/host_check.cu runs the same arithmetic as the kernels. The arithmetic is the CPU's per dtype
// (engine-cpu VectorSoftmaxRows for float32, CpuSoftmax for float64): the max and the exponentials in the
// element type, their sum in double; float32 scales by the float of 1/sum and shifts by the float of
// max + log(sum), float64 divides by the sum and shifts by max + log(sum). The half types run float32's arithmetic
// on their elements' float values (C, compute_of<T>) and round each output once, as the CPU's HalfKernels.
#pragma once

#include "element_ops.cuh"

// The max of row[first], row[first + step], ... (-inf for none); a NaN makes it NaN, and so the whole row.
template <typename T, typename C = typename compute_of<T>::type>
__host__ __device__ __forceinline__ C row_max_partial(const T* row, long long first, long long step, int length) {
    C max = (C) -INFINITY;
    for (long long j = first; j < length; j += step) max = java_max(max, load_as<C>(row[j]));
    return max;
}

// The sum of exp(row[j] - max) over j = first, first + step, ...
template <typename T, typename C = typename compute_of<T>::type>
__host__ __device__ __forceinline__ double exp_sum_partial(const T* row, C max, long long first, long long step,
                                                           int length) {
    double sum = 0;
    for (long long j = first; j < length; j += step) sum += m_exp(load_as<C>(row[j]) - max);
    return sum;
}

// What every output of a row needs besides its input: the max, the sum, and their shift and scale in T.
template <typename T>
struct SoftmaxRow {
    T max;
    double sum;
    T shift;   // log-softmax: x - shift
    T scale;   // float32 softmax: exp(x - max) * scale
};

template <typename T> __host__ __device__ __forceinline__ SoftmaxRow<T> softmax_row(T max, double sum) {
    return SoftmaxRow<T>{max, sum, (T) (max + log(sum)), (T) (1 / sum)};
}

template <typename T>
__host__ __device__ __forceinline__ T softmax_value(T v, const SoftmaxRow<T>& r, bool log_softmax) {
    if (log_softmax) return v - r.shift;
    if constexpr (same_type<T, float>::value) return m_exp(v - r.max) * r.scale;
    else return m_exp(v - r.max) / r.sum;
}

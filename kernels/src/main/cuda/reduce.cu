// Reduction kernels (ABI.md): one block of EMBER_BLOCK threads per output, grid-stride over outputs. Thread t
// takes the reduced elements t, t + blockDim.x, ... (reduce_ops.cuh), then the block combines (block_reduce.cuh).
// Sums therefore round in another order than the CPU's, within float64's error.
#pragma once

#include "block_reduce.cuh"
#include "reduce_ops.cuh"

template <typename A>
__device__ __forceinline__ Best<A> shuffle_down(Best<A> v, int by) {
    return Best<A>{shuffle_down(v.value, by), shuffle_down(v.index, by)};
}

template <typename T, typename R, bool PROD>
__device__ __forceinline__ void sum_body(const Strided& outer, const Strided& inner, const T* x, R* out, int nOut,
                                         int nInner) {
    typedef typename accumulator_of<T>::type A;
    __shared__ A slots[EMBER_WARPS + 1];
    for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {   // the same trip count for the whole block
        A acc = sum_partial<T, PROD>(outer, inner, x, o, threadIdx.x, blockDim.x, nInner);
        acc = block_reduce(acc, sum_or_prod<PROD>{}, (A) (PROD ? 1 : 0), slots);
        if (threadIdx.x == 0) out[o] = store_accumulated<R>(acc);
    }
}

// R is long long for ARG (the position), else T.
template <typename T, typename R, bool MAX, bool ARG>
__device__ __forceinline__ void extreme_body(const Strided& outer, const Strided& inner, const T* x, R* out, int nOut,
                                             int nInner) {
    typedef typename accumulator_of<T>::type A;
    __shared__ Best<A> slots[EMBER_WARPS + 1];
    for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {   // the same trip count for the whole block
        Best<A> best = extreme_partial<T, MAX>(outer, inner, x, o, threadIdx.x, blockDim.x, nInner);
        best = block_reduce(best, pick<MAX>{}, no_extreme<A, MAX>(), slots);
        if (threadIdx.x == 0) out[o] = extreme_result<R, ARG>(best);
    }
}

#define EMBER_REDUCE_PARAMS(T, R) (Strided outer, Strided inner, const T* x, R* out, int nOut, int nInner)

#define EMBER_SUM(OP, PROD, SUF, T, R)                                                                      \
    extern "C" __global__ void __launch_bounds__(EMBER_BLOCK) OP##_##SUF EMBER_REDUCE_PARAMS(T, R) {       \
        sum_body<T, R, PROD>(outer, inner, x, out, nOut, nInner);                                           \
    }
#define EMBER_SUMS(OP, PROD)                                \
    EMBER_SUM(OP, PROD, b, ember_bool, long long)           \
    EMBER_SUM(OP, PROD, i32, int, long long)                \
    EMBER_SUM(OP, PROD, i64, long long, long long)          \
    EMBER_SUM(OP, PROD, f32, float, float)                  \
    EMBER_SUM(OP, PROD, f64, double, double)
EMBER_SUMS(sum, false)
EMBER_SUMS(prod, true)

#define EMBER_EXTREME(OP, MAX, ARG, SUF, T, R)                                                              \
    extern "C" __global__ void __launch_bounds__(EMBER_BLOCK) OP##_##SUF EMBER_REDUCE_PARAMS(T, R) {       \
        extreme_body<T, R, MAX, ARG>(outer, inner, x, out, nOut, nInner);                                   \
    }
#define EMBER_EXTREMES(OP, MAX)                                            \
    EMBER_EXTREME(OP, MAX, false, b, ember_bool, ember_bool)               \
    EMBER_EXTREME(OP, MAX, false, i32, int, int)                           \
    EMBER_EXTREME(OP, MAX, false, i64, long long, long long)               \
    EMBER_EXTREME(OP, MAX, false, f32, float, float)                       \
    EMBER_EXTREME(OP, MAX, false, f64, double, double)
#define EMBER_ARG_EXTREMES(OP, MAX)                                        \
    EMBER_EXTREME(OP, MAX, true, b, ember_bool, long long)                 \
    EMBER_EXTREME(OP, MAX, true, i32, int, long long)                      \
    EMBER_EXTREME(OP, MAX, true, i64, long long, long long)                \
    EMBER_EXTREME(OP, MAX, true, f32, float, long long)                    \
    EMBER_EXTREME(OP, MAX, true, f64, double, long long)
EMBER_EXTREMES(max, true)
EMBER_EXTREMES(min, false)
EMBER_ARG_EXTREMES(argmax, true)
EMBER_ARG_EXTREMES(argmin, false)

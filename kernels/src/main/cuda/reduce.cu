// Reduction kernels (ABI.md). One pass (OP_T): one block of EMBER_BLOCK threads per output, grid-stride over
// outputs. Thread t takes the reduced elements t, t + blockDim.x, ... (reduce_ops.cuh), then the block combines
// (block_reduce.cuh). Two passes, for few outputs of many elements (OP_partials_T, then OP_combine_T): one block
// per (output, part), thread t taking the part's elements first + t, first + t + blockDim.x, ..., the block's
// result written to the partials at output * parts + part; then one block per output, thread t taking that output's
// partials t, t + blockDim.x, ..., and the block combines. Both orders are fixed by the sizes alone (the split is
// engine-cuda's ReductionSplit), so a result never depends on the device or on timing. Sums round in another order
// than the CPU's, within float64's error.
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

// First pass: item k = (o, part) = (k / parts, k % parts) of nOut * parts; block k writes partials[k].
template <typename T, bool PROD>
__device__ __forceinline__ void sum_partials_body(const Strided& outer, const Strided& inner, const T* x,
                                                  typename accumulator_of<T>::type* partials, int nOut, int nInner,
                                                  int parts, int partLength) {
    typedef typename accumulator_of<T>::type A;
    __shared__ A slots[EMBER_WARPS + 1];
    const long long items = (long long) nOut * parts;
    for (long long k = blockIdx.x; k < items; k += gridDim.x) {   // the same trip count for the whole block
        const long long o = k / parts;
        const Part part = part_of(k - o * parts, partLength, nInner);
        A acc = sum_partial<T, PROD>(outer, inner, x, o, part.first + threadIdx.x, blockDim.x, part.end);
        acc = block_reduce(acc, sum_or_prod<PROD>{}, (A) (PROD ? 1 : 0), slots);
        if (threadIdx.x == 0) partials[k] = acc;
    }
}

// Second pass: block o combines partials[o * parts ... o * parts + parts - 1] into out[o].
template <typename A, typename R, bool PROD>
__device__ __forceinline__ void sum_combine_body(const A* partials, R* out, int nOut, int parts) {
    __shared__ A slots[EMBER_WARPS + 1];
    for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {
        const long long first = o * parts;
        A acc = sum_of_partials<A, PROD>(partials, first + threadIdx.x, blockDim.x, first + parts);
        acc = block_reduce(acc, sum_or_prod<PROD>{}, (A) (PROD ? 1 : 0), slots);
        if (threadIdx.x == 0) out[o] = store_accumulated<R>(acc);
    }
}

template <typename T, bool MAX>
__device__ __forceinline__ void extreme_partials_body(const Strided& outer, const Strided& inner, const T* x,
                                                      typename accumulator_of<T>::type* values, long long* indices,
                                                      int nOut, int nInner, int parts, int partLength) {
    typedef typename accumulator_of<T>::type A;
    __shared__ Best<A> slots[EMBER_WARPS + 1];
    const long long items = (long long) nOut * parts;
    for (long long k = blockIdx.x; k < items; k += gridDim.x) {   // the same trip count for the whole block
        const long long o = k / parts;
        const Part part = part_of(k - o * parts, partLength, nInner);
        Best<A> best = extreme_partial<T, MAX>(outer, inner, x, o, part.first + threadIdx.x, blockDim.x, part.end);
        best = block_reduce(best, pick<MAX>{}, no_extreme<A, MAX>(), slots);
        if (threadIdx.x == 0) {
            values[k] = best.value;
            indices[k] = best.index;
        }
    }
}

template <typename A, typename R, bool MAX, bool ARG>
__device__ __forceinline__ void extreme_combine_body(const A* values, const long long* indices, R* out, int nOut,
                                                     int parts) {
    __shared__ Best<A> slots[EMBER_WARPS + 1];
    for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {
        const long long first = o * parts;
        Best<A> best = best_of_partials<A, MAX>(values, indices, first + threadIdx.x, blockDim.x, first + parts);
        best = block_reduce(best, pick<MAX>{}, no_extreme<A, MAX>(), slots);
        if (threadIdx.x == 0) out[o] = extreme_result<R, ARG>(best);
    }
}

#define EMBER_REDUCE_PARAMS(T, R) (Strided outer, Strided inner, const T* x, R* out, int nOut, int nInner)

#define EMBER_SUM(OP, PROD, SUF, T, R)                                                                      \
    extern "C" __global__ void __launch_bounds__(EMBER_BLOCK) OP##_##SUF EMBER_REDUCE_PARAMS(T, R) {       \
        sum_body<T, R, PROD>(outer, inner, x, out, nOut, nInner);                                           \
    }
#define EMBER_SUM_PASSES(OP, PROD, SUF, T, R)                                                               \
    extern "C" __global__ void __launch_bounds__(EMBER_BLOCK) OP##_partials_##SUF(                          \
            Strided outer, Strided inner, const T* x, accumulator_of<T>::type* partials, int nOut, int nInner, \
            int parts, int partLength) {                                                                    \
        sum_partials_body<T, PROD>(outer, inner, x, partials, nOut, nInner, parts, partLength);             \
    }                                                                                                       \
    extern "C" __global__ void __launch_bounds__(EMBER_BLOCK) OP##_combine_##SUF(                           \
            const accumulator_of<T>::type* partials, R* out, int nOut, int parts) {                         \
        sum_combine_body<accumulator_of<T>::type, R, PROD>(partials, out, nOut, parts);                     \
    }
#define EMBER_SUMS(OP, PROD)                                \
    EMBER_SUM(OP, PROD, b, ember_bool, long long)           \
    EMBER_SUM(OP, PROD, i32, int, long long)                \
    EMBER_SUM(OP, PROD, i64, long long, long long)          \
    EMBER_SUM(OP, PROD, f32, float, float)                  \
    EMBER_SUM(OP, PROD, f64, double, double)                \
    EMBER_SUM(OP, PROD, f16, __half, __half)                \
    EMBER_SUM(OP, PROD, bf16, __nv_bfloat16, __nv_bfloat16) \
    EMBER_SUM_PASSES(OP, PROD, b, ember_bool, long long)    \
    EMBER_SUM_PASSES(OP, PROD, i32, int, long long)         \
    EMBER_SUM_PASSES(OP, PROD, i64, long long, long long)   \
    EMBER_SUM_PASSES(OP, PROD, f32, float, float)           \
    EMBER_SUM_PASSES(OP, PROD, f64, double, double)         \
    EMBER_SUM_PASSES(OP, PROD, f16, __half, __half)         \
    EMBER_SUM_PASSES(OP, PROD, bf16, __nv_bfloat16, __nv_bfloat16)
EMBER_SUMS(sum, false)
EMBER_SUMS(prod, true)

#define EMBER_EXTREME(OP, MAX, ARG, SUF, T, R)                                                              \
    extern "C" __global__ void __launch_bounds__(EMBER_BLOCK) OP##_##SUF EMBER_REDUCE_PARAMS(T, R) {       \
        extreme_body<T, R, MAX, ARG>(outer, inner, x, out, nOut, nInner);                                   \
    }
#define EMBER_EXTREME_PASSES(OP, MAX, ARG, SUF, T, R)                                                       \
    extern "C" __global__ void __launch_bounds__(EMBER_BLOCK) OP##_partials_##SUF(                          \
            Strided outer, Strided inner, const T* x, accumulator_of<T>::type* values, long long* indices,   \
            int nOut, int nInner, int parts, int partLength) {                                              \
        extreme_partials_body<T, MAX>(outer, inner, x, values, indices, nOut, nInner, parts, partLength);   \
    }                                                                                                       \
    extern "C" __global__ void __launch_bounds__(EMBER_BLOCK) OP##_combine_##SUF(                           \
            const accumulator_of<T>::type* values, const long long* indices, R* out, int nOut, int parts) { \
        extreme_combine_body<accumulator_of<T>::type, R, MAX, ARG>(values, indices, out, nOut, parts);      \
    }
#define EMBER_EXTREME_BOTH(OP, MAX, ARG, SUF, T, R) \
    EMBER_EXTREME(OP, MAX, ARG, SUF, T, R)          \
    EMBER_EXTREME_PASSES(OP, MAX, ARG, SUF, T, R)
#define EMBER_EXTREMES(OP, MAX)                                            \
    EMBER_EXTREME_BOTH(OP, MAX, false, b, ember_bool, ember_bool)          \
    EMBER_EXTREME_BOTH(OP, MAX, false, i32, int, int)                      \
    EMBER_EXTREME_BOTH(OP, MAX, false, i64, long long, long long)          \
    EMBER_EXTREME_BOTH(OP, MAX, false, f32, float, float)                  \
    EMBER_EXTREME_BOTH(OP, MAX, false, f64, double, double)                \
    EMBER_EXTREME_BOTH(OP, MAX, false, f16, __half, __half)                \
    EMBER_EXTREME_BOTH(OP, MAX, false, bf16, __nv_bfloat16, __nv_bfloat16)
#define EMBER_ARG_EXTREMES(OP, MAX)                                        \
    EMBER_EXTREME_BOTH(OP, MAX, true, b, ember_bool, long long)            \
    EMBER_EXTREME_BOTH(OP, MAX, true, i32, int, long long)                 \
    EMBER_EXTREME_BOTH(OP, MAX, true, i64, long long, long long)           \
    EMBER_EXTREME_BOTH(OP, MAX, true, f32, float, long long)               \
    EMBER_EXTREME_BOTH(OP, MAX, true, f64, double, long long)              \
    EMBER_EXTREME_BOTH(OP, MAX, true, f16, __half, long long)              \
    EMBER_EXTREME_BOTH(OP, MAX, true, bf16, __nv_bfloat16, long long)
EMBER_EXTREMES(max, true)
EMBER_EXTREMES(min, false)
EMBER_ARG_EXTREMES(argmax, true)
EMBER_ARG_EXTREMES(argmin, false)

// Reductions (ABI.md): one block of EMBER_BLOCK threads per output, grid-stride over outputs. Thread t takes the
// reduced elements t, t + blockDim.x, ... in row-major order over `inner`, then the block combines. Floats
// accumulate in double and integers (and bool) in int64, as engine-cpu's CpuReduce; sums therefore round in a
// different order than the CPU's, within float64's error.
#pragma once

#include "block_reduce.cuh"
#include "element_ops.cuh"

template <typename T> struct accumulator_of { typedef long long type; };   // bool, int32, int64
template <> struct accumulator_of<float> { typedef double type; };
template <> struct accumulator_of<double> { typedef double type; };

template <typename A, typename T> __device__ __forceinline__ A accumulate_as(T v) {
    if constexpr (same_type<A, double>::value) return to_double(v);
    else return to_long(v);
}

template <typename R, typename A> __device__ __forceinline__ R store_accumulated(A v) {
    if constexpr (same_type<A, double>::value) return from_double<R>(v);
    else return from_long<R>(v);
}

// Storage position of output o's first element (x's offset plus o's kept coordinates) and of reduced element j
// relative to it.
__device__ __forceinline__ long long kept_position(const Strided& outer, long long o) {
    return positions(outer, (unsigned int) o, outer).at[0];
}
__device__ __forceinline__ long long reduced_position(const Strided& inner, long long j) {
    return positions(inner, (unsigned int) j, inner).at[0];
}

// ---- sum and prod ----

template <bool PROD>
struct sum_or_prod {
    template <typename A> __device__ A operator()(A a, A b) const { return PROD ? wrap_mul(a, b) : wrap_add(a, b); }
};

template <typename T, typename R, bool PROD>
__device__ __forceinline__ void sum_body(const Strided& outer, const Strided& inner, const T* x, R* out, int nOut,
                                         int nInner) {
    typedef typename accumulator_of<T>::type A;
    __shared__ A slots[EMBER_WARPS + 1];
    const sum_or_prod<PROD> combine{};
    const A identity = PROD ? 1 : 0;
    for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {   // the same trip count for the whole block
        const long long base = kept_position(outer, o);
        A acc = identity;
        for (long long j = threadIdx.x; j < nInner; j += blockDim.x) {
            acc = combine(acc, accumulate_as<A>(x[base + reduced_position(inner, j)]));
        }
        acc = block_reduce(acc, combine, identity, slots);
        if (threadIdx.x == 0) out[o] = store_accumulated<R>(acc);
    }
}

// ---- max, min, argmax, argmin ----

// A candidate extreme and its position in the reduced order; index < 0 is "no element yet".
template <typename A>
struct Best {
    A value;
    long long index;
};

template <typename A>
__device__ __forceinline__ Best<A> shuffle_down(Best<A> v, int by) {
    return Best<A>{shuffle_down(v.value, by), shuffle_down(v.index, by)};
}

// The winner of two candidates, whatever their order: a NaN beats any number, then the larger (MAX) or smaller
// value, and on a tie (both NaN, or equal values, -0 equal to +0) the lower index. This is the first NaN, else
// the first extreme, as CpuReduce's scan finds them; being a choice by one total order, it is associative and
// commutative, so the split across threads does not change the result.
template <bool MAX>
struct pick {
    template <typename A> __device__ Best<A> operator()(Best<A> a, Best<A> b) const {
        if (b.index < 0) return a;
        if (a.index < 0) return b;
        const bool aNaN = a.value != a.value, bNaN = b.value != b.value;
        if (aNaN != bNaN) return aNaN ? a : b;
        if (!aNaN && a.value != b.value) return (MAX ? a.value > b.value : a.value < b.value) ? a : b;
        return a.index <= b.index ? a : b;
    }
};

// What an empty reduction leaves (the CPU's starting value): -inf / +inf for floats, the int64 extremes else.
template <typename A, bool MAX> __device__ __forceinline__ A empty_extreme() {
    if constexpr (same_type<A, double>::value) return MAX ? -INFINITY : INFINITY;
    else return MAX ? (-9223372036854775807LL - 1) : 9223372036854775807LL;
}

// R is long long for ARG (the position), else T.
template <typename T, typename R, bool MAX, bool ARG>
__device__ __forceinline__ void extreme_body(const Strided& outer, const Strided& inner, const T* x, R* out, int nOut,
                                             int nInner) {
    typedef typename accumulator_of<T>::type A;
    __shared__ Best<A> slots[EMBER_WARPS + 1];
    const pick<MAX> combine{};
    const Best<A> none{empty_extreme<A, MAX>(), -1};
    for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {   // the same trip count for the whole block
        const long long base = kept_position(outer, o);
        Best<A> best = none;
        for (long long j = threadIdx.x; j < nInner; j += blockDim.x) {
            best = combine(best, Best<A>{accumulate_as<A>(x[base + reduced_position(inner, j)]), j});
        }
        best = block_reduce(best, combine, none, slots);
        if (threadIdx.x == 0) {
            if constexpr (ARG) out[o] = best.index < 0 ? 0 : best.index;
            else out[o] = store_accumulated<R>(best.value);
        }
    }
}

// ---- kernels ----

#define EMBER_REDUCE_PARAMS(T, R) (Strided outer, Strided inner, const T* x, R* out, int nOut, int nInner)

#define EMBER_SUM(OP, PROD, SUF, T, R)                                                       \
    extern "C" __global__ void __launch_bounds__(EMBER_BLOCK) OP##_##SUF EMBER_REDUCE_PARAMS(T, R) { \
        sum_body<T, R, PROD>(outer, inner, x, out, nOut, nInner);                            \
    }
#define EMBER_SUMS(OP, PROD)                                \
    EMBER_SUM(OP, PROD, b, ember_bool, long long)           \
    EMBER_SUM(OP, PROD, i32, int, long long)                \
    EMBER_SUM(OP, PROD, i64, long long, long long)          \
    EMBER_SUM(OP, PROD, f32, float, float)                  \
    EMBER_SUM(OP, PROD, f64, double, double)
EMBER_SUMS(sum, false)
EMBER_SUMS(prod, true)

#define EMBER_EXTREME(OP, MAX, ARG, SUF, T, R)                                               \
    extern "C" __global__ void __launch_bounds__(EMBER_BLOCK) OP##_##SUF EMBER_REDUCE_PARAMS(T, R) { \
        extreme_body<T, R, MAX, ARG>(outer, inner, x, out, nOut, nInner);                       \
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

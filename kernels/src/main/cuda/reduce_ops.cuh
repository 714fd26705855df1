// What one thread of a reduction kernel computes (ABI.md), __host__ __device__ so that
// src/test/cuda/host_check.cu runs the same index math and combining rules as the kernels: the partial result
// over the reduced elements first, first + step, ... below end (row-major over `inner`) of one output, and how two
// partial results combine. Floats accumulate in double and integers (and bool) in int64, as engine-cpu's CpuReduce.
//
// The two-pass kernels split each output's reduced elements into parts of partLength consecutive elements (the
// last part may be shorter): the first pass reduces one part per block into a partial result (a sum, or a value
// and its position), the second combines an output's partials in part order. Positions stay those of the whole
// reduced order, so argmax/argmin's first-index rule holds across parts.
#pragma once

#include "common.cuh"
#include "element_ops.cuh"

template <typename T> struct accumulator_of { typedef long long type; };   // bool, int32, int64
template <> struct accumulator_of<float> { typedef double type; };
template <> struct accumulator_of<double> { typedef double type; };
// The half types as the CPU runs them (HalfKernels: widened to float32, reduced as float32, so in double, and the
// result rounded to float32 and then to the half type).
template <> struct accumulator_of<__half> { typedef double type; };
template <> struct accumulator_of<__nv_bfloat16> { typedef double type; };

template <typename A, typename T> __host__ __device__ __forceinline__ A accumulate_as(T v) {
    if constexpr (same_type<A, double>::value) return to_double(v);
    else return to_long(v);
}

template <typename R, typename A> __host__ __device__ __forceinline__ R store_accumulated(A v) {
    if constexpr (same_type<A, double>::value) return from_double<R>(v);
    else return from_long<R>(v);
}

// Storage position of output o's first element (x's offset plus o's kept coordinates), and of reduced element j
// relative to it.
__host__ __device__ __forceinline__ long long kept_position(const Strided& outer, long long o) {
    return positions(outer, (unsigned int) o, outer).at[0];
}
__host__ __device__ __forceinline__ long long reduced_position(const Strided& inner, long long j) {
    return positions(inner, (unsigned int) j, inner).at[0];
}

// Part p of a two-pass reduction: reduced elements [first, end), partLength of them but the last part's fewer.
struct Part {
    long long first, end;
};
__host__ __device__ __forceinline__ Part part_of(long long p, int partLength, int nInner) {
    const long long first = p * partLength;
    const long long end = first + partLength;
    return Part{first, end < nInner ? end : (long long) nInner};
}

// ---- sum and prod ----

template <bool PROD>
struct sum_or_prod {
    template <typename A> __host__ __device__ A operator()(A a, A b) const {
        return PROD ? wrap_mul(a, b) : wrap_add(a, b);
    }
};

template <typename T, bool PROD>
__host__ __device__ __forceinline__ typename accumulator_of<T>::type sum_partial(
        const Strided& outer, const Strided& inner, const T* x, long long o, long long first, long long step,
        long long end) {
    typedef typename accumulator_of<T>::type A;
    const sum_or_prod<PROD> combine{};
    const long long base = kept_position(outer, o);
    A acc = PROD ? 1 : 0;
    for (long long j = first; j < end; j += step) acc = combine(acc, accumulate_as<A>(x[base + reduced_position(inner, j)]));
    return acc;
}

// The second pass of a sum or product: partials first, first + step, ... below end, in that order.
template <typename A, bool PROD>
__host__ __device__ __forceinline__ A sum_of_partials(const A* partials, long long first, long long step, long long end) {
    const sum_or_prod<PROD> combine{};
    A acc = PROD ? 1 : 0;
    for (long long p = first; p < end; p += step) acc = combine(acc, partials[p]);
    return acc;
}

// ---- max, min, argmax, argmin ----

// A candidate extreme and its position in the reduced order; index < 0 is "no element yet".
template <typename A>
struct Best {
    A value;
    long long index;
};

// The winner of two candidates, whatever their order: a NaN beats any number, then the larger (MAX) or smaller
// value, and on a tie (both NaN, or equal values, -0 equal to +0) the lower index. This is the first NaN, else
// the first extreme, as CpuReduce's scan finds them; being a choice by one total order, it is associative and
// commutative, so the split across threads does not change the result.
template <bool MAX>
struct pick {
    template <typename A> __host__ __device__ Best<A> operator()(Best<A> a, Best<A> b) const {
        if (b.index < 0) return a;
        if (a.index < 0) return b;
        const bool aNaN = a.value != a.value, bNaN = b.value != b.value;
        if (aNaN != bNaN) return aNaN ? a : b;
        if (!aNaN && a.value != b.value) return (MAX ? a.value > b.value : a.value < b.value) ? a : b;
        return a.index <= b.index ? a : b;
    }
};

// What an empty reduction leaves (the CPU's starting value): -inf / +inf for floats, the int64 extremes else.
template <typename A, bool MAX> __host__ __device__ __forceinline__ Best<A> no_extreme() {
    if constexpr (same_type<A, double>::value) return Best<A>{MAX ? -INFINITY : INFINITY, -1};
    else return Best<A>{MAX ? (-9223372036854775807LL - 1) : 9223372036854775807LL, -1};
}

template <typename T, bool MAX>
__host__ __device__ __forceinline__ Best<typename accumulator_of<T>::type> extreme_partial(
        const Strided& outer, const Strided& inner, const T* x, long long o, long long first, long long step,
        long long end) {
    typedef typename accumulator_of<T>::type A;
    const pick<MAX> combine{};
    const long long base = kept_position(outer, o);
    Best<A> best = no_extreme<A, MAX>();
    for (long long j = first; j < end; j += step) {
        best = combine(best, Best<A>{accumulate_as<A>(x[base + reduced_position(inner, j)]), j});
    }
    return best;
}

// The second pass of an extreme: the partials (values[p], indices[p]) for p = first, first + step, ... below end.
// A part with no element left index -1, which loses to any other.
template <typename A, bool MAX>
__host__ __device__ __forceinline__ Best<A> best_of_partials(const A* values, const long long* indices, long long first,
                                                             long long step, long long end) {
    const pick<MAX> combine{};
    Best<A> best = no_extreme<A, MAX>();
    for (long long p = first; p < end; p += step) best = combine(best, Best<A>{values[p], indices[p]});
    return best;
}

// An extreme's output element: the position for argmax/argmin (0 when empty), else the value as T.
template <typename R, bool ARG, typename A> __host__ __device__ __forceinline__ R extreme_result(Best<A> best) {
    if constexpr (ARG) return best.index < 0 ? 0 : best.index;
    else return store_accumulated<R>(best.value);
}

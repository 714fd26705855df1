// One row of an inclusive scan (ABI.md's cumsum_T ... logcumsumexp_T), __host__ __device__ so that
// src/test/cuda/host_check.cu runs the same per-thread work as the kernels. Row r is the r-th position, row-major,
// of the kept dims (`x_rows`, `out_rows`: x's and out's layouts without the scanned dim, at their offsets); its
// `length` elements lie `x_stride` and `out_stride` apart. The simple form: one thread scans one row in order, so
// the result is the CPU's bit for bit where no transcendental function is involved. The half types run as the CPU
// runs a half tensor (HalfKernels: widened to float32, float32's scan, rounded once): their elements are loaded
// as their float values (exact), sums and products accumulate in double like float32's, and each output is rounded
// to float and then to the half type (from_double), as float32's output narrowed to the half type is.
#pragma once

#include "common.cuh"
#include "element_ops.cuh"
#include "indexing_ops.cuh"

enum ScanKind { SCAN_SUM, SCAN_PROD, SCAN_MAX, SCAN_MIN, SCAN_LOGSUMEXP };

// The value cummax/cummin carry and compare: a half element as its float value, every other type as itself (bool's
// byte as it is stored). Stored back rounded once, which gives back the element (a NaN as its sign's 0x7E00, as the
// CPU's float32-to-half conversion; bfloat16's as 0xFFFF).
template <typename T> struct scan_value { typedef T type; };
template <> struct scan_value<__half> { typedef float type; };
template <> struct scan_value<__nv_bfloat16> { typedef float type; };
template <typename T> __host__ __device__ __forceinline__ typename scan_value<T>::type scan_load(T v) {
    if constexpr (is_half_type<T>::value) return to_float(v);
    else return v;
}
template <typename T, typename V> __host__ __device__ __forceinline__ T scan_store(V v) {
    if constexpr (is_half_type<T>::value) return from_float<T>(v);
    else return v;
}

// log(exp(e) + exp(s)) as the CPU's CpuScan.logAddExp: max + log1p(exp(min - max)); equal infinities give that
// infinity; NaN propagates (fmin/fmax would drop it, so the NaN test comes first).
__host__ __device__ __forceinline__ double log_add_exp(double e, double s) {
    if (e != e || s != s) return e != e ? e : s;
    const double lo = e < s ? e : s, hi = e < s ? s : e;
    if (lo != hi || (lo - lo == 0)) return log1p(exp(lo - hi)) + hi;   // lo - lo == 0: lo is finite
    return e;
}

// cumsum, cumprod: floats accumulate in double, int64 wraps; cummax, cummin: the running extreme and its position
// (a later equal element and any NaN take over); logcumsumexp in double.
template <typename T, int KIND>
__host__ __device__ __forceinline__ void scan_row(const Strided& x_rows, const T* x, int x_stride,
                                                  const Strided& out_rows, T* out, long long* indices, int out_stride,
                                                  int length, unsigned int r) {
    const Coordinates c = coordinates(x_rows, r);
    const long long xi = position(x_rows, x_rows.rank, c);
    const long long oi = position(out_rows, out_rows.rank, c);
    if constexpr (KIND == SCAN_MAX || KIND == SCAN_MIN) {
        typedef typename scan_value<T>::type V;
        V best = scan_load(x[xi]);
        long long where = 0;
        for (int i = 0; i < length; i++) {
            const V e = scan_load(x[xi + (long long) i * x_stride]);
            bool take;
            if constexpr (is_floating<T>::value) {
                take = e != e || (best == best && (KIND == SCAN_MAX ? e >= best : e <= best));
            } else {
                take = KIND == SCAN_MAX ? e >= best : e <= best;
            }
            if (take) {
                best = e;
                where = i;
            }
            out[oi + (long long) i * out_stride] = scan_store<T>(best);
            indices[oi + (long long) i * out_stride] = where;
        }
    } else if constexpr (is_floating<T>::value) {
        double acc = KIND == SCAN_SUM ? 0.0 : KIND == SCAN_PROD ? 1.0 : -INFINITY;
        for (int i = 0; i < length; i++) {
            const double e = to_double(x[xi + (long long) i * x_stride]);
            if constexpr (KIND == SCAN_SUM) acc += e;
            else if constexpr (KIND == SCAN_PROD) acc *= e;
            else acc = log_add_exp(e, acc);
            out[oi + (long long) i * out_stride] = from_double<T>(acc);   // float32: (float) acc; halves: then rounded again
        }
    } else {
        T acc = KIND == SCAN_SUM ? 0 : 1;
        for (int i = 0; i < length; i++) {
            const T e = x[xi + (long long) i * x_stride];
            acc = KIND == SCAN_SUM ? wrap_add(acc, e) : wrap_mul(acc, e);
            out[oi + (long long) i * out_stride] = acc;
        }
    }
}

// Conversions between the five element types with the CPU backend's (Java's) semantics, __host__ __device__ so
// that src/test/cuda/host_check.cu can compare them with Java. Written out rather than left to C++ casts: a
// C++ float-to-integer cast of NaN or of an out-of-range value is undefined (x86 gives INT_MIN, the GPU
// saturates), while Java saturates and sends NaN to 0.
//
// The CPU moves values through a wide type: double when either side is floating, int64 otherwise
// (engine-cpu RowIO.load / RowIO.store); `to_double`/`to_long` and `from_double`/`from_long` are those steps.
#pragma once

typedef unsigned char ember_bool;   // ABI.md: bool is one byte, any non-zero byte reads as true

// Java's (long) d: NaN to 0, saturating at the int64 range.
__host__ __device__ __forceinline__ long long java_d2l(double v) {
    if (v != v) return 0;
    if (v >= 9223372036854775807.0) return 9223372036854775807LL;       // the literal rounds to 2^63
    if (v <= -9223372036854775808.0) return -9223372036854775807LL - 1;
    return (long long) v;
}

// Java's (int) d: NaN to 0, saturating at the int32 range (not via int64).
__host__ __device__ __forceinline__ int java_d2i(double v) {
    if (v != v) return 0;
    if (v >= 2147483647.0) return 2147483647;
    if (v <= -2147483648.0) return -2147483647 - 1;
    return (int) v;
}

// Java's (int) l: the low 32 bits.
__host__ __device__ __forceinline__ int java_l2i(long long v) { return (int) (unsigned int) (unsigned long long) v; }

// A stored element as the CPU loads it into a double[] buffer.
__host__ __device__ __forceinline__ double to_double(ember_bool v) { return v != 0 ? 1.0 : 0.0; }
__host__ __device__ __forceinline__ double to_double(int v) { return (double) v; }
__host__ __device__ __forceinline__ double to_double(long long v) { return (double) v; }
__host__ __device__ __forceinline__ double to_double(float v) { return (double) v; }
__host__ __device__ __forceinline__ double to_double(double v) { return v; }

// A stored element as the CPU loads it into a long[] buffer.
__host__ __device__ __forceinline__ long long to_long(ember_bool v) { return v != 0 ? 1 : 0; }
__host__ __device__ __forceinline__ long long to_long(int v) { return v; }
__host__ __device__ __forceinline__ long long to_long(long long v) { return v; }
__host__ __device__ __forceinline__ long long to_long(float v) { return java_d2l(v); }
__host__ __device__ __forceinline__ long long to_long(double v) { return java_d2l(v); }

// A double stored into an element of type D (RowIO.store(double[], ...)): NaN and every non-zero are true.
template <typename D> __host__ __device__ __forceinline__ D from_double(double v);
template <> __host__ __device__ __forceinline__ ember_bool from_double<ember_bool>(double v) { return v != 0 ? 1 : 0; }
template <> __host__ __device__ __forceinline__ int from_double<int>(double v) { return java_d2i(v); }
template <> __host__ __device__ __forceinline__ long long from_double<long long>(double v) { return java_d2l(v); }
template <> __host__ __device__ __forceinline__ float from_double<float>(double v) { return (float) v; }
template <> __host__ __device__ __forceinline__ double from_double<double>(double v) { return v; }

// An int64 stored into an element of type D (RowIO.store(long[], ...)): int32 keeps the low bits; float rounds
// once to nearest, as Java's long-to-float does.
template <typename D> __host__ __device__ __forceinline__ D from_long(long long v);
template <> __host__ __device__ __forceinline__ ember_bool from_long<ember_bool>(long long v) { return v != 0 ? 1 : 0; }
template <> __host__ __device__ __forceinline__ int from_long<int>(long long v) { return java_l2i(v); }
template <> __host__ __device__ __forceinline__ long long from_long<long long>(long long v) { return v; }
template <> __host__ __device__ __forceinline__ float from_long<float>(long long v) { return (float) v; }
template <> __host__ __device__ __forceinline__ double from_long<double>(long long v) { return (double) v; }

// fill's conversion of its double value (RowIO.fill): integers and bool go through (long) first, so
// fill_i32(3e9) wraps where copy_f64_i32 of 3e9 saturates, and fill_b(0.5) is false where copy_f64_b(0.5) is true.
template <typename D> __host__ __device__ __forceinline__ D fill_value(double v);
template <> __host__ __device__ __forceinline__ ember_bool fill_value<ember_bool>(double v) { return java_d2l(v) != 0 ? 1 : 0; }
template <> __host__ __device__ __forceinline__ int fill_value<int>(double v) { return java_l2i(java_d2l(v)); }
template <> __host__ __device__ __forceinline__ long long fill_value<long long>(double v) { return java_d2l(v); }
template <> __host__ __device__ __forceinline__ float fill_value<float>(double v) { return (float) v; }
template <> __host__ __device__ __forceinline__ double fill_value<double>(double v) { return v; }

template <typename A, typename B> struct same_type { static constexpr bool value = false; };
template <typename A> struct same_type<A, A> { static constexpr bool value = true; };

template <typename T> struct is_floating { static constexpr bool value = false; };
template <> struct is_floating<float> { static constexpr bool value = true; };
template <> struct is_floating<double> { static constexpr bool value = true; };

// copy's conversion (CpuElementwise.copy): exact within a dtype; through double when either side is floating
// (so int64 to float32 rounds twice, through double, as the CPU does); through int64 otherwise.
template <typename S, typename D>
__host__ __device__ __forceinline__ D convert(S v) {
    if constexpr (same_type<S, D>::value) {
        return v;
    } else if constexpr (is_floating<S>::value || is_floating<D>::value) {
        return from_double<D>(to_double(v));
    } else {
        return from_long<D>(to_long(v));
    }
}

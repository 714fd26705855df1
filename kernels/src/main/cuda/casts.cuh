// Conversions between the seven element types with the CPU backend's (Java's) semantics, __host__ __device__ so
// that src/test/cuda/host_check.cu can compare them with Java. Written out rather than left to C++ casts: a
// C++ float-to-integer cast of NaN or of an out-of-range value is undefined (x86 gives INT_MIN, the GPU
// saturates), while Java saturates and sends NaN to 0.
//
// The CPU moves values through a wide type: double when either side is floating, int64 otherwise
// (engine-cpu RowIO.load / RowIO.store); `to_double`/`to_long` and `from_double`/`from_long` are those steps.
#pragma once

#include <cstring>
#include <cuda_fp16.h>
#include <cuda_bf16.h>

typedef unsigned char ember_bool;   // ABI.md: bool is one byte, any non-zero byte reads as true

// ---- the half types: PyTorch's conversions (engine-api HalfConversions), bit by bit ----
// Written on the bits rather than left to cuda_fp16.h's __float2half / __half2float: their NaN results (payload,
// quiet bit, sign) are the hardware's, and the CPU backend and PyTorch have their own (HalfConversions' javadoc).

__host__ __device__ __forceinline__ unsigned int float_bits(float f) { unsigned int b; memcpy(&b, &f, 4); return b; }
__host__ __device__ __forceinline__ float bits_float(unsigned int b) { float f; memcpy(&f, &b, 4); return f; }

// float16 to float32, exact; a NaN keeps its sign and payload and comes back quiet (Java's Float.float16ToFloat).
__host__ __device__ __forceinline__ float float16_bits_to_float(unsigned short h) {
    const unsigned int sign = (unsigned int) (h & 0x8000) << 16;
    const unsigned int exponent = (h >> 10) & 0x1F;
    const unsigned int mantissa = h & 0x3FF;
    if (exponent == 0x1F) return bits_float(sign | 0x7F800000 | (mantissa != 0 ? 0x400000 | (mantissa << 13) : 0));
    if (exponent != 0) return bits_float(sign | ((exponent + 112) << 23) | (mantissa << 13));
    const float magnitude = (float) mantissa * 5.9604644775390625e-8f;   // subnormal: mantissa * 2^-24, exact
    return sign != 0 ? -magnitude : magnitude;
}

// float32 to float16: to nearest, ties to even, 65520 and up to infinity; a NaN to 0x7E00 of its sign.
__host__ __device__ __forceinline__ unsigned short float_to_float16_bits(float f) {
    const unsigned int bits = float_bits(f);
    const unsigned int sign = (bits >> 16) & 0x8000;
    const unsigned int magnitude = bits & 0x7FFFFFFF;
    if (magnitude > 0x7F800000) return (unsigned short) (sign | 0x7E00);
    if (magnitude >= 0x477FF000) return (unsigned short) (sign | 0x7C00);
    if (magnitude >= 0x38800000) {                                  // a normal float16 (2^-14 and up)
        unsigned int h = (magnitude >> 13) - (112 << 10);
        const unsigned int rest = magnitude & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) h++;   // a carry into the exponent is right
        return (unsigned short) (sign | h);
    }
    // subnormal or zero: the count of 2^-24 units, rounded half to even (the double product is exact)
    return (unsigned short) (sign | (unsigned int) rint((double) bits_float(magnitude) * 16777216.0));
}

// bfloat16 to float32: the top 16 bits, exact, NaNs included.
__host__ __device__ __forceinline__ float bfloat16_bits_to_float(unsigned short b) {
    return bits_float((unsigned int) b << 16);
}

// float32 to bfloat16: to nearest, ties to even; every NaN to 0xFFFF (PyTorch's vectorized CPU conversion).
__host__ __device__ __forceinline__ unsigned short float_to_bfloat16_bits(float f) {
    const unsigned int bits = float_bits(f);
    if ((bits & 0x7FFFFFFF) > 0x7F800000) return 0xFFFF;
    return (unsigned short) ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
}

__host__ __device__ __forceinline__ unsigned short half_bits(__half h) { return ((__half_raw) h).x; }
__host__ __device__ __forceinline__ unsigned short half_bits(__nv_bfloat16 b) { return ((__nv_bfloat16_raw) b).x; }
__host__ __device__ __forceinline__ __half float16_of_bits(unsigned short b) { __half_raw r; r.x = b; return __half(r); }
__host__ __device__ __forceinline__ __nv_bfloat16 bfloat16_of_bits(unsigned short b) {
    __nv_bfloat16_raw r; r.x = b; return __nv_bfloat16(r);
}

// A half element as float (exact), and a float rounded once to a half element: how every half kernel loads and
// stores, computing in float between.
__host__ __device__ __forceinline__ float to_float(__half h) { return float16_bits_to_float(half_bits(h)); }
__host__ __device__ __forceinline__ float to_float(__nv_bfloat16 b) { return bfloat16_bits_to_float(half_bits(b)); }
template <typename H> __host__ __device__ __forceinline__ H from_float(float v);
template <> __host__ __device__ __forceinline__ __half from_float<__half>(float v) { return float16_of_bits(float_to_float16_bits(v)); }
template <> __host__ __device__ __forceinline__ __nv_bfloat16 from_float<__nv_bfloat16>(float v) {
    return bfloat16_of_bits(float_to_bfloat16_bits(v));
}

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
__host__ __device__ __forceinline__ double to_double(__half v) { return to_float(v); }
__host__ __device__ __forceinline__ double to_double(__nv_bfloat16 v) { return to_float(v); }

// A stored element as the CPU loads it into a long[] buffer.
__host__ __device__ __forceinline__ long long to_long(ember_bool v) { return v != 0 ? 1 : 0; }
__host__ __device__ __forceinline__ long long to_long(int v) { return v; }
__host__ __device__ __forceinline__ long long to_long(long long v) { return v; }
__host__ __device__ __forceinline__ long long to_long(float v) { return java_d2l(v); }
__host__ __device__ __forceinline__ long long to_long(double v) { return java_d2l(v); }
__host__ __device__ __forceinline__ long long to_long(__half v) { return java_d2l(to_float(v)); }
__host__ __device__ __forceinline__ long long to_long(__nv_bfloat16 v) { return java_d2l(to_float(v)); }

// A double stored into an element of type D (RowIO.store(double[], ...)): NaN and every non-zero are true.
template <typename D> __host__ __device__ __forceinline__ D from_double(double v);
template <> __host__ __device__ __forceinline__ ember_bool from_double<ember_bool>(double v) { return v != 0 ? 1 : 0; }
template <> __host__ __device__ __forceinline__ int from_double<int>(double v) { return java_d2i(v); }
template <> __host__ __device__ __forceinline__ long long from_double<long long>(double v) { return java_d2l(v); }
template <> __host__ __device__ __forceinline__ float from_double<float>(double v) { return (float) v; }
template <> __host__ __device__ __forceinline__ double from_double<double>(double v) { return v; }
// The half types round twice, to float and then to half, as the CPU's RowIO.store does.
template <> __host__ __device__ __forceinline__ __half from_double<__half>(double v) { return from_float<__half>((float) v); }
template <> __host__ __device__ __forceinline__ __nv_bfloat16 from_double<__nv_bfloat16>(double v) {
    return from_float<__nv_bfloat16>((float) v);
}

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
template <> __host__ __device__ __forceinline__ __half fill_value<__half>(double v) { return from_double<__half>(v); }
template <> __host__ __device__ __forceinline__ __nv_bfloat16 fill_value<__nv_bfloat16>(double v) {
    return from_double<__nv_bfloat16>(v);
}

template <typename A, typename B> struct same_type { static constexpr bool value = false; };
template <typename A> struct same_type<A, A> { static constexpr bool value = true; };

template <typename T> struct is_floating { static constexpr bool value = false; };
template <> struct is_floating<float> { static constexpr bool value = true; };
template <> struct is_floating<double> { static constexpr bool value = true; };
template <> struct is_floating<__half> { static constexpr bool value = true; };
template <> struct is_floating<__nv_bfloat16> { static constexpr bool value = true; };

// The half types: stored in 16 bits, computed in float (loaded exactly, each result rounded once).
template <typename T> struct is_half_type { static constexpr bool value = false; };
template <> struct is_half_type<__half> { static constexpr bool value = true; };
template <> struct is_half_type<__nv_bfloat16> { static constexpr bool value = true; };

// copy's conversion (CpuElementwise.copy): exact within a dtype; through double when either side is floating
// (so int64 to float32 rounds twice, through double, as the CPU does); through int64 otherwise.
template <typename S, typename D>
__host__ __device__ __forceinline__ D convert(S v) {
    if constexpr (same_type<S, D>::value) {
        return v;   // the half types too: the bits, NaN payloads and all, as the CPU's copy within a dtype
    } else if constexpr (is_floating<S>::value || is_floating<D>::value) {
        return from_double<D>(to_double(v));
    } else {
        return from_long<D>(to_long(v));
    }
}

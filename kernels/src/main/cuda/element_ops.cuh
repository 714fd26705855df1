// The function of each elementwise op on one element (engine-cpu ScalarMath, FloatVectorLoops), __host__
// __device__ so that src/test/cuda/host_check.cu can compare them with Java. Float32 computes in float with
// the float functions (expf, ...), float64 in double; integers wrap as Java's do (the arithmetic is done on
// the unsigned type, where C++ defines wrapping).
#pragma once

#include "casts.cuh"

// ---- the math functions, by element type: one name for float and double ----

#define EMBER_MATH_1(NAME, F, D)                                                   \
    __host__ __device__ __forceinline__ float NAME(float v) { return F(v); }      \
    __host__ __device__ __forceinline__ double NAME(double v) { return D(v); }
EMBER_MATH_1(m_exp, expf, exp)
EMBER_MATH_1(m_expm1, expm1f, expm1)
EMBER_MATH_1(m_log, logf, log)
EMBER_MATH_1(m_log1p, log1pf, log1p)
EMBER_MATH_1(m_sqrt, sqrtf, sqrt)
EMBER_MATH_1(m_abs, fabsf, fabs)
EMBER_MATH_1(m_sin, sinf, sin)
EMBER_MATH_1(m_cos, cosf, cos)
EMBER_MATH_1(m_tanh, tanhf, tanh)
EMBER_MATH_1(m_floor, floorf, floor)
EMBER_MATH_1(m_ceil, ceilf, ceil)
EMBER_MATH_1(m_rint, rintf, rint)
EMBER_MATH_1(m_trunc, truncf, trunc)
EMBER_MATH_1(m_exp2, exp2f, exp2)
EMBER_MATH_1(m_log2, log2f, log2)
EMBER_MATH_1(m_log10, log10f, log10)
EMBER_MATH_1(m_sinh, sinhf, sinh)
EMBER_MATH_1(m_cosh, coshf, cosh)
EMBER_MATH_1(m_tan, tanf, tan)
EMBER_MATH_1(m_asin, asinf, asin)
EMBER_MATH_1(m_acos, acosf, acos)
EMBER_MATH_1(m_atan, atanf, atan)
EMBER_MATH_1(m_erf, erff, erf)
EMBER_MATH_1(m_erfc, erfcf, erfc)
#undef EMBER_MATH_1

__host__ __device__ __forceinline__ float m_pow(float a, float b) { return powf(a, b); }
__host__ __device__ __forceinline__ double m_pow(double a, double b) { return pow(a, b); }
__host__ __device__ __forceinline__ float m_atan2(float a, float b) { return atan2f(a, b); }
__host__ __device__ __forceinline__ double m_atan2(double a, double b) { return atan2(a, b); }
__host__ __device__ __forceinline__ float m_hypot(float a, float b) { return hypotf(a, b); }
__host__ __device__ __forceinline__ double m_hypot(double a, double b) { return hypot(a, b); }

__host__ __device__ __forceinline__ float m_fmod(float a, float b) { return fmodf(a, b); }
__host__ __device__ __forceinline__ double m_fmod(double a, double b) { return fmod(a, b); }

__host__ __device__ __forceinline__ bool negative_sign(float v) { return copysignf(1.0f, v) < 0; }
__host__ __device__ __forceinline__ bool negative_sign(double v) { return copysign(1.0, v) < 0; }

// ---- integer wrapping ----

template <typename T> struct unsigned_of;
template <> struct unsigned_of<int> { typedef unsigned int type; };
template <> struct unsigned_of<long long> { typedef unsigned long long type; };

template <typename T> __host__ __device__ __forceinline__ T wrap_add(T a, T b) {
    if constexpr (is_floating<T>::value) return a + b;
    else { typedef typename unsigned_of<T>::type U; return (T) ((U) a + (U) b); }
}
template <typename T> __host__ __device__ __forceinline__ T wrap_sub(T a, T b) {
    if constexpr (is_floating<T>::value) return a - b;
    else { typedef typename unsigned_of<T>::type U; return (T) ((U) a - (U) b); }
}
template <typename T> __host__ __device__ __forceinline__ T wrap_mul(T a, T b) {
    if constexpr (is_floating<T>::value) return a * b;
    else { typedef typename unsigned_of<T>::type U; return (T) ((U) a * (U) b); }
}
template <typename T> __host__ __device__ __forceinline__ T wrap_neg(T v) {
    if constexpr (is_floating<T>::value) return -v;   // -(+0) is -0, which 0 - v would not give
    else return wrap_sub<T>(0, v);
}

// ---- NaN-aware maximum and minimum: Java's Math.max / Math.min ----
// NaN wins (the first argument's if both are NaN), and +0 is above -0.

template <typename T> __host__ __device__ __forceinline__ T java_max(T a, T b) {
    if constexpr (is_floating<T>::value) {
        if (a != a) return a;
        if (a == 0 && b == 0 && negative_sign(a)) return b;
    }
    return a >= b ? a : b;
}

template <typename T> __host__ __device__ __forceinline__ T java_min(T a, T b) {
    if constexpr (is_floating<T>::value) {
        if (a != a) return a;
        if (a == 0 && b == 0 && negative_sign(b)) return b;
    }
    return a <= b ? a : b;
}

// ---- unary ops: T apply(T v, T param); the names are UnaryOp's ----
// neg abs sign relu step are defined on int and long long too; the others on float and double only.

struct op_neg { template <typename T> __host__ __device__ static T apply(T v, T) { return wrap_neg(v); } };
struct op_abs {
    template <typename T> __host__ __device__ static T apply(T v, T) {
        if constexpr (is_floating<T>::value) return m_abs(v);   // clears the sign of -0 and keeps NaN, as Math.abs
        else return v < 0 ? wrap_neg(v) : v;                    // abs(MIN_VALUE) is MIN_VALUE, as Math.abs
    }
};
struct op_sign {
    template <typename T> __host__ __device__ static T apply(T v, T) {
        if constexpr (is_floating<T>::value) return v > 0 ? T(1) : v < 0 ? T(-1) : v;   // NaN, +0, -0 unchanged
        else return (T) ((v > 0) - (v < 0));
    }
};
struct op_relu { template <typename T> __host__ __device__ static T apply(T v, T) { return v < 0 ? T(0) : v; } };   // NaN and -0 pass, as torch.relu
struct op_step { template <typename T> __host__ __device__ static T apply(T v, T) { return v > 0 ? T(1) : T(0); } };
struct op_exp { template <typename T> __host__ __device__ static T apply(T v, T) { return m_exp(v); } };
struct op_log { template <typename T> __host__ __device__ static T apply(T v, T) { return m_log(v); } };
struct op_log1p { template <typename T> __host__ __device__ static T apply(T v, T) { return m_log1p(v); } };
struct op_sqrt { template <typename T> __host__ __device__ static T apply(T v, T) { return m_sqrt(v); } };
struct op_rsqrt { template <typename T> __host__ __device__ static T apply(T v, T) { return T(1) / m_sqrt(v); } };
struct op_sin { template <typename T> __host__ __device__ static T apply(T v, T) { return m_sin(v); } };
struct op_cos { template <typename T> __host__ __device__ static T apply(T v, T) { return m_cos(v); } };
struct op_tanh { template <typename T> __host__ __device__ static T apply(T v, T) { return m_tanh(v); } };
struct op_sigmoid {   // never the exponential of a large positive number
    template <typename T> __host__ __device__ static T apply(T v, T) {
        return v >= 0 ? T(1) / (T(1) + m_exp(-v)) : m_exp(v) / (T(1) + m_exp(v));
    }
};
struct op_leaky_relu { template <typename T> __host__ __device__ static T apply(T v, T p) { return v > 0 ? v : p * v; } };
struct op_elu { template <typename T> __host__ __device__ static T apply(T v, T p) { return v > 0 ? v : p * m_expm1(v); } };
struct op_softplus {
    template <typename T> __host__ __device__ static T apply(T v, T) { return java_max(v, T(0)) + m_log1p(m_exp(-m_abs(v))); }
};
// erf and erfc: CUDA's (erff 2 ulps, erfcf 4, erf 2, erfc 5 at most); the CPU's are fdlibm's in double
struct op_erf { template <typename T> __host__ __device__ static T apply(T v, T) { return m_erf(v); } };
struct op_erfc { template <typename T> __host__ __device__ static T apply(T v, T) { return m_erfc(v); } };

// The rounding ops: rint rounds halves to even in the default rounding mode, as Java's Math.rint. Integers are
// whole already: the identity.
#define EMBER_ROUNDING(NAME, F)                                                                             \
    struct op_##NAME {                                                                                      \
        template <typename T> __host__ __device__ static T apply(T v, T) {                                  \
            if constexpr (is_floating<T>::value) return F(v);                                               \
            else return v;                                                                                  \
        }                                                                                                   \
    };
EMBER_ROUNDING(floor, m_floor)
EMBER_ROUNDING(ceil, m_ceil)
EMBER_ROUNDING(round, m_rint)
EMBER_ROUNDING(trunc, m_trunc)
#undef EMBER_ROUNDING
// more math: C's functions, whose special values (atan2's signed zeros, log2(0) = -inf, asin outside [-1, 1] = NaN,
// hypot(inf, NaN) = inf) are Java's StrictMath's and PyTorch's.
struct op_exp2 { template <typename T> __host__ __device__ static T apply(T v, T) { return m_exp2(v); } };
struct op_expm1 { template <typename T> __host__ __device__ static T apply(T v, T) { return m_expm1(v); } };
struct op_log2 { template <typename T> __host__ __device__ static T apply(T v, T) { return m_log2(v); } };
struct op_log10 { template <typename T> __host__ __device__ static T apply(T v, T) { return m_log10(v); } };
struct op_sinh { template <typename T> __host__ __device__ static T apply(T v, T) { return m_sinh(v); } };
struct op_cosh { template <typename T> __host__ __device__ static T apply(T v, T) { return m_cosh(v); } };
struct op_tan { template <typename T> __host__ __device__ static T apply(T v, T) { return m_tan(v); } };
struct op_asin { template <typename T> __host__ __device__ static T apply(T v, T) { return m_asin(v); } };
struct op_acos { template <typename T> __host__ __device__ static T apply(T v, T) { return m_acos(v); } };
struct op_atan { template <typename T> __host__ __device__ static T apply(T v, T) { return m_atan(v); } };

// logical_not writes bool whatever its input: true where the value is 0 (NaN is not 0).
template <typename T> __host__ __device__ __forceinline__ ember_bool logical_not(T v) {
    if constexpr (is_half_type<T>::value) return to_float(v) == 0.0f ? 1 : 0;
    else return v == 0 ? 1 : 0;
}

// ---- binary ops on the compute type C (float, double, int, long long; bool computes in long long) ----
// Arithmetic returns C; comparisons and logical ops return bool. The names are BinaryOp's.

struct op_add { template <typename C> __host__ __device__ static C apply(C a, C b) { return wrap_add(a, b); } };
struct op_sub { template <typename C> __host__ __device__ static C apply(C a, C b) { return wrap_sub(a, b); } };
struct op_mul { template <typename C> __host__ __device__ static C apply(C a, C b) { return wrap_mul(a, b); } };
struct op_div { template <typename C> __host__ __device__ static C apply(C a, C b) { return a / b; } };   // floats only
struct op_pow {   // floats only; C's pow, as PyTorch: pow(1, y) is 1 for every y (NaN too), pow(-1, +-inf) is 1
    template <typename C> __host__ __device__ static C apply(C a, C b) { return m_pow(a, b); }
};
// The divisions, as engine-cpu's RoundingMath and PyTorch 1.13: floats in T with PyTorch's formulas; integers
// exact, a divisor of 0 giving 0 (the engine refuses it first) and MIN / -1 wrapping, where C++ would trap.
struct op_remainder {   // the divisor's sign
    template <typename C> __host__ __device__ static C apply(C a, C b) {
        if constexpr (is_floating<C>::value) {
            C mod = m_fmod(a, b);
            if (mod != 0 && (b < 0) != (mod < 0)) mod += b;
            return mod;
        } else {
            if (b == 0 || b == -1) return 0;
            C mod = a % b;
            if (mod != 0 && (b < 0) != (mod < 0)) mod += b;
            return mod;
        }
    }
};
struct op_fmod {   // the dividend's sign
    template <typename C> __host__ __device__ static C apply(C a, C b) {
        if constexpr (is_floating<C>::value) return m_fmod(a, b);
        else return b == 0 || b == -1 ? C(0) : a % b;
    }
};
struct op_floor_divide {
    template <typename C> __host__ __device__ static C apply(C a, C b) {
        if constexpr (is_floating<C>::value) {
            if (b == 0) return a / b;
            C mod = m_fmod(a, b);
            C div = (a - mod) / b;   // a whole multiple, give or take the division's rounding
            if (mod != 0 && (b < 0) != (mod < 0)) div -= C(1);
            if (div == 0) return negative_sign(a / b) ? C(-0.0) : C(0);
            C floor = m_floor(div);
            return div - floor > C(0.5) ? floor + C(1) : floor;
        } else {
            if (b == 0) return 0;
            if (b == -1) return wrap_neg(a);
            C q = a / b;
            return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
        }
    }
};
struct op_atan2 { template <typename C> __host__ __device__ static C apply(C a, C b) { return m_atan2(a, b); } };   // floats only
struct op_hypot { template <typename C> __host__ __device__ static C apply(C a, C b) { return m_hypot(a, b); } };   // floats only
struct op_maximum { template <typename C> __host__ __device__ static C apply(C a, C b) { return java_max(a, b); } };
struct op_minimum { template <typename C> __host__ __device__ static C apply(C a, C b) { return java_min(a, b); } };
struct op_eq { template <typename C> __host__ __device__ static bool apply(C a, C b) { return a == b; } };
struct op_ne { template <typename C> __host__ __device__ static bool apply(C a, C b) { return a != b; } };
struct op_lt { template <typename C> __host__ __device__ static bool apply(C a, C b) { return a < b; } };
struct op_le { template <typename C> __host__ __device__ static bool apply(C a, C b) { return a <= b; } };
struct op_gt { template <typename C> __host__ __device__ static bool apply(C a, C b) { return a > b; } };
struct op_ge { template <typename C> __host__ __device__ static bool apply(C a, C b) { return a >= b; } };
struct op_logical_and { template <typename C> __host__ __device__ static bool apply(C a, C b) { return a != 0 && b != 0; } };
struct op_logical_or { template <typename C> __host__ __device__ static bool apply(C a, C b) { return a != 0 || b != 0; } };
struct op_logical_xor { template <typename C> __host__ __device__ static bool apply(C a, C b) { return (a != 0) != (b != 0); } };

// The type a binary op computes in for each element type: bool computes in int64 (ABI.md), the half types in
// float (the CPU backend's HalfKernels and PyTorch: each element widened, computed in float32, rounded once), the
// rest in itself.
template <typename T> struct compute_of { typedef T type; };
template <> struct compute_of<ember_bool> { typedef long long type; };
template <> struct compute_of<__half> { typedef float type; };
template <> struct compute_of<__nv_bfloat16> { typedef float type; };

// An element as a binary op reads it: bool as 0 or 1 (any non-zero byte is true), a half as its float value.
template <typename C, typename T> __host__ __device__ __forceinline__ C load_as(T v) {
    if constexpr (same_type<T, ember_bool>::value) return v != 0 ? 1 : 0;
    else if constexpr (is_half_type<T>::value) return to_float(v);
    else return v;
}

// An op's result as its output element stores it: a comparison's bool as 0 or 1, bool arithmetic (done in int64)
// as != 0, a float result into a half rounded once to nearest even, anything else unchanged.
template <typename R, typename V> __host__ __device__ __forceinline__ R store_as(V v) {
    if constexpr (same_type<V, bool>::value) return (R) (v ? 1 : 0);
    else if constexpr (same_type<R, ember_bool>::value) return v != 0 ? 1 : 0;
    else if constexpr (is_half_type<R>::value) return from_float<R>(v);
    else return v;
}

// ---- one element of a kernel, as the kernels and host_check.cu compute it ----

// A unary op: param is rounded to T (the CPU's dense path does the same); integers take no param. The half types
// run the float op on the element's float value, param rounded to float, and round the result once.
template <typename T, typename Op> __host__ __device__ __forceinline__ T unary_element(T v, double param) {
    if constexpr (is_half_type<T>::value) {
        return from_float<T>(Op::apply(to_float(v), (float) param));
    } else {
        T p = 0;
        if constexpr (is_floating<T>::value) p = (T) param;
        return Op::apply(v, p);
    }
}

// A binary op from stored elements of type T to an output element of type R.
template <typename T, typename R, typename Op> __host__ __device__ __forceinline__ R binary_element(T a, T b) {
    typedef typename compute_of<T>::type C;
    return store_as<R>(Op::apply(load_as<C>(a), load_as<C>(b)));
}

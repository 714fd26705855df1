// fill, copy, unary, binary, where and addcmul (ABI.md): one thread per output element in a grid-stride loop,
// each operand addressed through its own strides at the output's multi-index.
#pragma once

#include "common.cuh"
#include "element_ops.cuh"

// ---- bodies ----

template <typename T>
__device__ __forceinline__ void fill_body(const Strided& out, T* o, double value, int n) {
    const T v = fill_value<T>(value);
    EMBER_GRID_STRIDE(i, n) { o[positions(out, (unsigned int) i, out).at[0]] = v; }
}

template <typename S, typename D>
__device__ __forceinline__ void copy_body(const Strided& src, const S* s, const Strided& dst, D* d, int n) {
    EMBER_GRID_STRIDE(i, n) {
        Positions<2> p = positions(dst, (unsigned int) i, src, dst);
        d[p.at[1]] = convert<S, D>(s[p.at[0]]);
    }
}

template <typename T, typename Op>
__device__ __forceinline__ void unary_body(const Strided& x, const T* xp, const Strided& out, T* o, double param, int n) {
    EMBER_GRID_STRIDE(i, n) {
        Positions<2> at = positions(out, (unsigned int) i, x, out);
        o[at.at[1]] = unary_element<T, Op>(xp[at.at[0]], param);
    }
}

template <typename T>
__device__ __forceinline__ void logical_not_body(const Strided& x, const T* xp, const Strided& out, ember_bool* o, int n) {
    EMBER_GRID_STRIDE(i, n) {
        Positions<2> at = positions(out, (unsigned int) i, x, out);
        o[at.at[1]] = logical_not(xp[at.at[0]]);
    }
}

template <typename T, typename R, typename Op>
__device__ __forceinline__ void binary_body(const Strided& a, const T* ap, const Strided& b, const T* bp,
                                            const Strided& out, R* o, int n) {
    EMBER_GRID_STRIDE(i, n) {
        Positions<3> at = positions(out, (unsigned int) i, a, b, out);
        o[at.at[2]] = binary_element<T, R, Op>(ap[at.at[0]], bp[at.at[1]]);
    }
}

template <typename T>
__device__ __forceinline__ void where_body(const Strided& c, const ember_bool* cp, const Strided& a, const T* ap,
                                           const Strided& b, const T* bp, const Strided& out, T* o, int n) {
    EMBER_GRID_STRIDE(i, n) {
        Positions<4> at = positions(out, (unsigned int) i, c, a, b, out);
        o[at.at[3]] = cp[at.at[0]] != 0 ? ap[at.at[1]] : bp[at.at[2]];
    }
}

// x + value * t1 * t2 with value rounded to T and the last multiply fused with the add, as the CPU's dense path.
__device__ __forceinline__ float fused_multiply_add(float a, float b, float c) { return fmaf(a, b, c); }
__device__ __forceinline__ double fused_multiply_add(double a, double b, double c) { return fma(a, b, c); }

template <typename T>
__device__ __forceinline__ void addcmul_body(const Strided& x, const T* xp, const Strided& t1, const T* p1,
                                             const Strided& t2, const T* p2, double value, const Strided& out, T* o,
                                             int n) {
    typedef typename compute_of<T>::type C;   // float for the half types, rounded once at the store
    const C v = (C) value;
    EMBER_GRID_STRIDE(i, n) {
        Positions<4> at = positions(out, (unsigned int) i, x, t1, t2, out);
        o[at.at[3]] = store_as<T>(fused_multiply_add(load_as<C>(p1[at.at[1]]) * v, load_as<C>(p2[at.at[2]]),
                                                     load_as<C>(xp[at.at[0]])));
    }
}

// ---- kernels ----

#define EMBER_FILL(SUF, T)                                                                   \
    extern "C" __global__ void fill_##SUF(Strided out, T* o, double value, int n) {          \
        fill_body<T>(out, o, value, n);                                                      \
    }
EMBER_FILL(b, ember_bool)
EMBER_FILL(i32, int)
EMBER_FILL(i64, long long)
EMBER_FILL(f32, float)
EMBER_FILL(f64, double)
EMBER_FILL(f16, __half)
EMBER_FILL(bf16, __nv_bfloat16)

#define EMBER_COPY(SS, S, DS, D)                                                                          \
    extern "C" __global__ void copy_##SS##_##DS(Strided src, const S* s, Strided dst, D* d, int n) {     \
        copy_body<S, D>(src, s, dst, d, n);                                                               \
    }
#define EMBER_COPY_FROM(SS, S)             \
    EMBER_COPY(SS, S, b, ember_bool)       \
    EMBER_COPY(SS, S, i32, int)            \
    EMBER_COPY(SS, S, i64, long long)      \
    EMBER_COPY(SS, S, f32, float)          \
    EMBER_COPY(SS, S, f64, double)          \
    EMBER_COPY(SS, S, f16, __half)          \
    EMBER_COPY(SS, S, bf16, __nv_bfloat16)
EMBER_COPY_FROM(b, ember_bool)
EMBER_COPY_FROM(i32, int)
EMBER_COPY_FROM(i64, long long)
EMBER_COPY_FROM(f32, float)
EMBER_COPY_FROM(f64, double)
EMBER_COPY_FROM(f16, __half)
EMBER_COPY_FROM(bf16, __nv_bfloat16)

#define EMBER_UNARY(OP, SUF, T)                                                                              \
    extern "C" __global__ void OP##_##SUF(Strided x, const T* xp, Strided out, T* o, double param, int n) {  \
        unary_body<T, op_##OP>(x, xp, out, o, param, n);                                                     \
    }
#define EMBER_UNARY_FLOATS(OP) EMBER_UNARY(OP, f32, float) EMBER_UNARY(OP, f64, double) \
    EMBER_UNARY(OP, f16, __half) EMBER_UNARY(OP, bf16, __nv_bfloat16)
#define EMBER_UNARY_NUMBERS(OP) EMBER_UNARY_FLOATS(OP) EMBER_UNARY(OP, i32, int) EMBER_UNARY(OP, i64, long long)
EMBER_UNARY_NUMBERS(neg)
EMBER_UNARY_NUMBERS(abs)
EMBER_UNARY_NUMBERS(sign)
EMBER_UNARY_NUMBERS(relu)
EMBER_UNARY_NUMBERS(step)
EMBER_UNARY_NUMBERS(floor)
EMBER_UNARY_NUMBERS(ceil)
EMBER_UNARY_NUMBERS(round)
EMBER_UNARY_NUMBERS(trunc)
EMBER_UNARY_FLOATS(exp)
EMBER_UNARY_FLOATS(log)
EMBER_UNARY_FLOATS(log1p)
EMBER_UNARY_FLOATS(sqrt)
EMBER_UNARY_FLOATS(rsqrt)
EMBER_UNARY_FLOATS(sin)
EMBER_UNARY_FLOATS(cos)
EMBER_UNARY_FLOATS(tanh)
EMBER_UNARY_FLOATS(sigmoid)
EMBER_UNARY_FLOATS(leaky_relu)
EMBER_UNARY_FLOATS(elu)
EMBER_UNARY_FLOATS(softplus)
EMBER_UNARY_FLOATS(exp2)
EMBER_UNARY_FLOATS(expm1)
EMBER_UNARY_FLOATS(log2)
EMBER_UNARY_FLOATS(log10)
EMBER_UNARY_FLOATS(sinh)
EMBER_UNARY_FLOATS(cosh)
EMBER_UNARY_FLOATS(tan)
EMBER_UNARY_FLOATS(asin)
EMBER_UNARY_FLOATS(acos)
EMBER_UNARY_FLOATS(atan)
EMBER_UNARY_FLOATS(erf)
EMBER_UNARY_FLOATS(erfc)

#define EMBER_LOGICAL_NOT(SUF, T)                                                                                      \
    extern "C" __global__ void logical_not_##SUF(Strided x, const T* xp, Strided out, ember_bool* o, double, int n) {  \
        logical_not_body<T>(x, xp, out, o, n);                                                                         \
    }
EMBER_LOGICAL_NOT(b, ember_bool)
EMBER_LOGICAL_NOT(i32, int)
EMBER_LOGICAL_NOT(i64, long long)
EMBER_LOGICAL_NOT(f32, float)
EMBER_LOGICAL_NOT(f64, double)
EMBER_LOGICAL_NOT(f16, __half)
EMBER_LOGICAL_NOT(bf16, __nv_bfloat16)

#define EMBER_BINARY(OP, SUF, T, R)                                                                      \
    extern "C" __global__ void OP##_##SUF(Strided a, const T* ap, Strided b, const T* bp, Strided out,  \
                                          R* o, int n) {                                                 \
        binary_body<T, R, op_##OP>(a, ap, b, bp, out, o, n);                                             \
    }
#define EMBER_BINARY_FLOATS(OP) EMBER_BINARY(OP, f32, float, float) EMBER_BINARY(OP, f64, double, double) \
    EMBER_BINARY(OP, f16, __half, __half) EMBER_BINARY(OP, bf16, __nv_bfloat16, __nv_bfloat16)
#define EMBER_BINARY_ARITHMETIC(OP)                 \
    EMBER_BINARY(OP, b, ember_bool, ember_bool)     \
    EMBER_BINARY(OP, i32, int, int)                 \
    EMBER_BINARY(OP, i64, long long, long long)     \
    EMBER_BINARY_FLOATS(OP)
#define EMBER_BINARY_TO_BOOL(OP)                    \
    EMBER_BINARY(OP, b, ember_bool, ember_bool)     \
    EMBER_BINARY(OP, i32, int, ember_bool)          \
    EMBER_BINARY(OP, i64, long long, ember_bool)    \
    EMBER_BINARY(OP, f32, float, ember_bool)        \
    EMBER_BINARY(OP, f64, double, ember_bool)      \
    EMBER_BINARY(OP, f16, __half, ember_bool)      \
    EMBER_BINARY(OP, bf16, __nv_bfloat16, ember_bool)
EMBER_BINARY_ARITHMETIC(add)
EMBER_BINARY_ARITHMETIC(sub)
EMBER_BINARY_ARITHMETIC(mul)
EMBER_BINARY_FLOATS(div)
EMBER_BINARY_FLOATS(pow)
EMBER_BINARY_ARITHMETIC(maximum)
EMBER_BINARY_ARITHMETIC(minimum)
EMBER_BINARY_ARITHMETIC(remainder)
EMBER_BINARY_ARITHMETIC(fmod)
EMBER_BINARY_ARITHMETIC(floor_divide)
EMBER_BINARY_TO_BOOL(eq)
EMBER_BINARY_TO_BOOL(ne)
EMBER_BINARY_TO_BOOL(lt)
EMBER_BINARY_TO_BOOL(le)
EMBER_BINARY_TO_BOOL(gt)
EMBER_BINARY_TO_BOOL(ge)
EMBER_BINARY_TO_BOOL(logical_and)
EMBER_BINARY_TO_BOOL(logical_or)
EMBER_BINARY_TO_BOOL(logical_xor)
EMBER_BINARY_FLOATS(atan2)
EMBER_BINARY_FLOATS(hypot)

#define EMBER_WHERE(SUF, T)                                                                                   \
    extern "C" __global__ void where_##SUF(Strided c, const ember_bool* cp, Strided a, const T* ap, Strided b,  \
                                           const T* bp, Strided out, T* o, int n) {                             \
        where_body<T>(c, cp, a, ap, b, bp, out, o, n);                                                          \
    }
EMBER_WHERE(b, ember_bool)
EMBER_WHERE(i32, int)
EMBER_WHERE(i64, long long)
EMBER_WHERE(f32, float)
EMBER_WHERE(f64, double)
EMBER_WHERE(f16, __half)
EMBER_WHERE(bf16, __nv_bfloat16)

#define EMBER_ADDCMUL(SUF, T)                                                                                   \
    extern "C" __global__ void addcmul_##SUF(Strided x, const T* xp, Strided t1, const T* p1, Strided t2,       \
                                             const T* p2, double value, Strided out, T* o, int n) {             \
        addcmul_body<T>(x, xp, t1, p1, t2, p2, value, out, o, n);                                               \
    }
EMBER_ADDCMUL(f32, float)
EMBER_ADDCMUL(f64, double)
EMBER_ADDCMUL(f16, __half)
EMBER_ADDCMUL(bf16, __nv_bfloat16)

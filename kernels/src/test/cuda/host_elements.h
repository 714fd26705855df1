// host_check's lines for the element functions: random numbers, casts, unary and binary ops.
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

#include "element_ops.cuh"
#include "counter_random.cuh"
#include "host_print.h"

// ---- inputs ----

static const double NAN_ = std::numeric_limits<double>::quiet_NaN();
static const double INF = std::numeric_limits<double>::infinity();
static const long long LMAX = std::numeric_limits<long long>::max();
static const long long LMIN = std::numeric_limits<long long>::min();
static const int IMAX = std::numeric_limits<int>::max();
static const int IMIN = std::numeric_limits<int>::min();

// Floats: zeros, halves, the edges of the integer ranges, exp's and sigmoid's extremes, non-finite values.
static const double FLOATS[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.9999, -2.5, 1e-8, -1e-8, 20, -20, 88, -88, 100, -100, 710, -710, 1000, -1000,
    2147483647.0, 2147483647.5, 2147483648.0, -2147483648.0, -2147483649.0, 3e9, -3e9, 16777217.0,
    9007199254740993.0, 9.3e18, -9.3e18, 1e30, 3.4e38, 1e300, -1e300, 4.2e-300, INF, -INF, NAN_};
static const long long LONGS[] = {0, 1, -1, 7, -7, 12345, 16777217, 2147483648LL, 4294967297LL, 9007199254740993LL,
                                  4611686018427387905LL, LMAX, LMIN};
static const int INTS[] = {0, 1, -1, 7, -7, 12345, 16777217, IMAX, IMIN};
static const ember_bool BOOLS[] = {0, 1};
// Binary ops take every pair from a shorter list.
static const double FLOAT_PAIRS[] = {0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e-30, 1e30, INF, -INF, NAN_};
static const long long LONG_PAIRS[] = {0, 1, -1, 2, 12345, LMAX, LMIN};
static const int INT_PAIRS[] = {0, 1, -1, 2, 12345, IMAX, IMIN};

template <typename T, size_t N> static constexpr size_t count(const T (&)[N]) { return N; }

template <typename T> struct values;
template <> struct values<double> { static const double* all() { return FLOATS; } static size_t n() { return count(FLOATS); } };
template <> struct values<long long> { static const long long* all() { return LONGS; } static size_t n() { return count(LONGS); } };
template <> struct values<int> { static const int* all() { return INTS; } static size_t n() { return count(INTS); } };
template <> struct values<ember_bool> { static const ember_bool* all() { return BOOLS; } static size_t n() { return count(BOOLS); } };

// The inputs of type T: floats are the double list rounded (as the CPU stores a double).
template <typename T> static size_t inputs(T* out) {
    typedef typename std::conditional<is_floating<T>::value, double, T>::type Source;
    for (size_t i = 0; i < values<Source>::n(); i++) out[i] = from_double<T>((double) values<Source>::all()[i]);
    return values<Source>::n();
}

// The half types' edges, added to the inputs of copies from and to them: float16's largest finite value and
// where rounding turns to infinity, its smallest subnormal and half of it, ties of both types (1 + 2^-11 for
// float16, 1 + 2^-8 for bfloat16), a double just above a float16 tie that rounds to the tie as a float, NaN.
static const double HALF_EDGES[] = {65504.0, 65519.99, 65520.0, -65520.0, 5.960464477539063e-08, 2.9802322387695312e-08,
                                    2.9802322387695313e-08, 1.00048828125, 1.00146484375, 1.00390625, 1.01171875,
                                    1.0004882812500001, 6.1035156e-05, 3.3895313892515355e+38, -0.0, NAN_};

template <typename T> static constexpr bool is_half() {
    return same_type<T, __half>::value || same_type<T, __nv_bfloat16>::value;
}

// ---- checks ----

static void random_lines() {
    const long long seeds[] = {0, 1, 42, -1, -123456789, LMIN, LMAX};
    const long long indices[] = {0, 1, 2, 1000, -1, (1LL << 40) + 3, LMAX};
    for (long long s : seeds) {
        for (long long i : indices) {
            const unsigned long long us = (unsigned long long) s, ui = (unsigned long long) i;
            std::printf("random bits"); put(s); put(i); put(counter_random_bits(us, ui)); std::printf("\n");
            std::printf("random uniform"); put(s); put(i); put(counter_random_uniform(us, ui)); std::printf("\n");
            std::printf("random uniform_float"); put(s); put(i); put(counter_random_uniform_float(us, ui)); std::printf("\n");
            std::printf("random normal"); put(s); put(i); put(counter_random_normal(us, ui)); std::printf("\n");
        }
    }
}

template <typename S, typename D> static void copy_lines() {
    S in[96];
    size_t n = inputs(in);
    if (is_floating<S>::value && (is_half<S>() || is_half<D>())) {
        for (double v : HALF_EDGES) in[n++] = from_double<S>(v);
    }
    for (size_t i = 0; i < n; i++) {
        std::printf("copy %s %s", suffix<S>::name, suffix<D>::name);
        put(in[i]);
        put(convert<S, D>(in[i]));
        std::printf("\n");
    }
}

template <typename S> static void copy_lines_from() {
    copy_lines<S, ember_bool>();
    copy_lines<S, int>();
    copy_lines<S, long long>();
    copy_lines<S, float>();
    copy_lines<S, double>();
    copy_lines<S, __half>();
    copy_lines<S, __nv_bfloat16>();
}

// Every half bit pattern to float, and float patterns to both half types: all ties and their neighbours (a
// half's float value plus half an ulp of the half, and one float ulp either side) and every 8191st float pattern.
//   half KIND IN RESULT     KIND: f16_f32 bf16_f32 (IN 16 bits, RESULT float bits), f32_f16 f32_bf16
static void half_line(const char* kind, unsigned int in, unsigned int result, int width) {
    std::printf(width == 4 ? "half %s %04x %08x\n" : "half %s %08x %04x\n", kind, in, result);
}

static void half_lines() {
    for (unsigned int h = 0; h < 0x10000; h++) {
        half_line("f16_f32", h, float_bits(float16_bits_to_float((unsigned short) h)), 4);
        half_line("bf16_f32", h, float_bits(bfloat16_bits_to_float((unsigned short) h)), 4);
        const unsigned int f16 = float_bits(float16_bits_to_float((unsigned short) h));
        const unsigned int bf16 = (unsigned int) h << 16;
        const unsigned int f16_ulp = (h & 0x7C00) == 0 ? 0 : 0x1000;   // half an ulp of a normal float16, in float bits
        for (int d = -1; d <= 1; d++) {
            if (f16_ulp != 0) {
                const unsigned int f = f16 + f16_ulp + (unsigned int) d;
                half_line("f32_f16", f, float_to_float16_bits(bits_float(f)), 8);
            }
            const unsigned int b = bf16 + 0x8000 + (unsigned int) d;
            half_line("f32_bf16", b, float_to_bfloat16_bits(bits_float(b)), 8);
        }
    }
    for (unsigned long long f = 0; f < 0x100000000ULL; f += 8191) {
        half_line("f32_f16", (unsigned int) f, float_to_float16_bits(bits_float((unsigned int) f)), 8);
        half_line("f32_bf16", (unsigned int) f, float_to_bfloat16_bits(bits_float((unsigned int) f)), 8);
    }
    // float16's subnormal ties: k + 1/2 units of 2^-24, and a float either side
    for (unsigned int k = 0; k < 1024; k++) {
        const unsigned int tie = float_bits(((float) k + 0.5f) * 5.9604644775390625e-8f);
        for (int d = -1; d <= 1; d++) {
            for (unsigned int sign : {0u, 0x80000000u}) {
                const unsigned int f = (tie + (unsigned int) d) | sign;
                half_line("f32_f16", f, float_to_float16_bits(bits_float(f)), 8);
            }
        }
    }
}

template <typename D> static void fill_lines() {
    for (double v : FLOATS) {
        std::printf("fill %s", suffix<D>::name);
        put(v);
        put(fill_value<D>(v));
        std::printf("\n");
    }
}

template <typename T, typename Op> static void unary_lines(const char* op, double param) {
    T in[64];
    const size_t n = inputs(in);
    for (size_t i = 0; i < n; i++) {
        std::printf("unary %s %s", op, suffix<T>::name);
        put(param);
        put(in[i]);
        put(unary_element<T, Op>(in[i], param));
        std::printf("\n");
    }
}

template <typename T> static void logical_not_lines() {
    T in[64];
    const size_t n = inputs(in);
    for (size_t i = 0; i < n; i++) {
        std::printf("unary logical_not %s", suffix<T>::name);
        put(0.0);
        put(in[i]);
        put(logical_not(in[i]));
        std::printf("\n");
    }
}

template <typename T> static size_t pair_inputs(T* out) {
    size_t n = 0;
    if constexpr (is_floating<T>::value) for (double v : FLOAT_PAIRS) out[n++] = from_double<T>(v);
    else if constexpr (same_type<T, int>::value) for (int v : INT_PAIRS) out[n++] = v;
    else if constexpr (same_type<T, long long>::value) for (long long v : LONG_PAIRS) out[n++] = v;
    else for (ember_bool v : BOOLS) out[n++] = v;
    return n;
}

template <typename T, typename R, typename Op> static void binary_lines(const char* op) {
    T in[16];
    const size_t n = pair_inputs(in);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            std::printf("binary %s %s", op, suffix<T>::name);
            put(in[i]);
            put(in[j]);
            put(binary_element<T, R, Op>(in[i], in[j]));
            std::printf("\n");
        }
    }
}

// erf and erfc on every interval of the CPU's algorithm (bounds 0.84375, 1.25, 1/0.35, 6, 28) and into erfc's tail,
// where only relative accuracy counts.
static const double ERF_POINTS[] = {0.1, -0.3, 0.84, 0.85, -0.84375, 1.1, -1.25, 1.3, 2.0, -2.5, 2.86, 3.5, -4.0, 5.0,
                                    5.99, 6.01, -7.5, 9.0, 10.0, 12.0, 15.0, 20.0, 26.0, 27.0, 27.5, 28.5};

template <typename T> static void erf_lines() {
    for (double x : ERF_POINTS) {
        const T v = from_double<T>(x);
        std::printf("unary erf %s", suffix<T>::name); put(0.0); put(v); put(unary_element<T, op_erf>(v, 0.0)); std::printf("\n");
        std::printf("unary erfc %s", suffix<T>::name); put(0.0); put(v); put(unary_element<T, op_erfc>(v, 0.0)); std::printf("\n");
    }
}

#define UNARY_FLOATS(OP, PARAM) unary_lines<float, op_##OP>(#OP, PARAM); unary_lines<double, op_##OP>(#OP, PARAM); \
    unary_lines<__half, op_##OP>(#OP, PARAM); unary_lines<__nv_bfloat16, op_##OP>(#OP, PARAM);
#define UNARY_NUMBERS(OP) UNARY_FLOATS(OP, 0.0) unary_lines<int, op_##OP>(#OP, 0.0); unary_lines<long long, op_##OP>(#OP, 0.0);
#define BINARY_FLOATS(OP) binary_lines<float, float, op_##OP>(#OP); binary_lines<double, double, op_##OP>(#OP); \
    binary_lines<__half, __half, op_##OP>(#OP); binary_lines<__nv_bfloat16, __nv_bfloat16, op_##OP>(#OP);
#define BINARY_ARITHMETIC(OP)                                      \
    binary_lines<ember_bool, ember_bool, op_##OP>(#OP);            \
    binary_lines<int, int, op_##OP>(#OP);                          \
    binary_lines<long long, long long, op_##OP>(#OP);              \
    BINARY_FLOATS(OP)
#define BINARY_TO_BOOL(OP)                                         \
    binary_lines<ember_bool, ember_bool, op_##OP>(#OP);            \
    binary_lines<int, ember_bool, op_##OP>(#OP);                   \
    binary_lines<long long, ember_bool, op_##OP>(#OP);             \
    binary_lines<float, ember_bool, op_##OP>(#OP);                 \
    binary_lines<double, ember_bool, op_##OP>(#OP);                \
    binary_lines<__half, ember_bool, op_##OP>(#OP);                \
    binary_lines<__nv_bfloat16, ember_bool, op_##OP>(#OP);


static void element_lines() {
    random_lines();

    copy_lines_from<ember_bool>();
    copy_lines_from<int>();
    copy_lines_from<long long>();
    copy_lines_from<float>();
    copy_lines_from<double>();
    copy_lines_from<__half>();
    copy_lines_from<__nv_bfloat16>();
    half_lines();
    fill_lines<__half>();
    fill_lines<__nv_bfloat16>();
    fill_lines<ember_bool>();
    fill_lines<int>();
    fill_lines<long long>();
    fill_lines<float>();
    fill_lines<double>();

    UNARY_NUMBERS(neg)
    UNARY_NUMBERS(abs)
    UNARY_NUMBERS(sign)
    UNARY_NUMBERS(relu)
    UNARY_NUMBERS(step)
    UNARY_NUMBERS(floor)
    UNARY_NUMBERS(ceil)
    UNARY_NUMBERS(round)
    UNARY_NUMBERS(trunc)
    UNARY_FLOATS(exp, 0.0)
    UNARY_FLOATS(log, 0.0)
    UNARY_FLOATS(log1p, 0.0)
    UNARY_FLOATS(sqrt, 0.0)
    UNARY_FLOATS(rsqrt, 0.0)
    UNARY_FLOATS(sin, 0.0)
    UNARY_FLOATS(cos, 0.0)
    UNARY_FLOATS(tanh, 0.0)
    UNARY_FLOATS(sigmoid, 0.0)
    UNARY_FLOATS(leaky_relu, 0.01)
    UNARY_FLOATS(elu, 1.0)
    UNARY_FLOATS(elu, 0.3)
    UNARY_FLOATS(softplus, 0.0)
    UNARY_FLOATS(exp2, 0.0)
    UNARY_FLOATS(expm1, 0.0)
    UNARY_FLOATS(log2, 0.0)
    UNARY_FLOATS(log10, 0.0)
    UNARY_FLOATS(sinh, 0.0)
    UNARY_FLOATS(cosh, 0.0)
    UNARY_FLOATS(tan, 0.0)
    UNARY_FLOATS(asin, 0.0)
    UNARY_FLOATS(acos, 0.0)
    UNARY_FLOATS(atan, 0.0)
    UNARY_FLOATS(erf, 0.0)
    UNARY_FLOATS(erfc, 0.0)
    erf_lines<float>();
    erf_lines<double>();
    erf_lines<__half>();
    erf_lines<__nv_bfloat16>();
    logical_not_lines<ember_bool>();
    logical_not_lines<int>();
    logical_not_lines<long long>();
    logical_not_lines<float>();
    logical_not_lines<double>();
    logical_not_lines<__half>();
    logical_not_lines<__nv_bfloat16>();

    BINARY_ARITHMETIC(add)
    BINARY_ARITHMETIC(sub)
    BINARY_ARITHMETIC(mul)
    BINARY_FLOATS(div)
    BINARY_FLOATS(pow)
    BINARY_ARITHMETIC(maximum)
    BINARY_ARITHMETIC(minimum)
    BINARY_ARITHMETIC(remainder)
    BINARY_ARITHMETIC(fmod)
    BINARY_ARITHMETIC(floor_divide)
    BINARY_TO_BOOL(eq)
    BINARY_TO_BOOL(ne)
    BINARY_TO_BOOL(lt)
    BINARY_TO_BOOL(le)
    BINARY_TO_BOOL(gt)
    BINARY_TO_BOOL(ge)
    BINARY_TO_BOOL(logical_and)
    BINARY_TO_BOOL(logical_or)
    BINARY_TO_BOOL(logical_xor)
    BINARY_FLOATS(atan2)
    BINARY_FLOATS(hypot)
}

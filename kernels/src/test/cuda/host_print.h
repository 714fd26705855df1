// host_check's output: every value as the hex of its bits in its own type, so nothing is lost in printing.
#pragma once

#include <cstdio>
#include <cstring>
#include <vector>

#include "casts.cuh"

// The bare hex of a value's bits, as wide as its type.
static void emit(ember_bool v) { std::printf("%02x", (unsigned int) v); }
static void emit(int v) { std::printf("%08x", (unsigned int) v); }
static void emit(long long v) { std::printf("%016llx", (unsigned long long) v); }
static void emit(unsigned long long v) { std::printf("%016llx", v); }
static void emit(float v) { unsigned int b; std::memcpy(&b, &v, 4); std::printf("%08x", b); }
static void emit(double v) { unsigned long long b; std::memcpy(&b, &v, 8); std::printf("%016llx", b); }
static void emit(__half v) { std::printf("%04x", (unsigned int) half_bits(v)); }
static void emit(__nv_bfloat16 v) { std::printf("%04x", (unsigned int) half_bits(v)); }

// " hex": one field of a line.
template <typename T> static void put(T v) { std::printf(" "); emit(v); }

template <typename T> struct suffix;
template <> struct suffix<ember_bool> { static constexpr const char* name = "b"; };
template <> struct suffix<int> { static constexpr const char* name = "i32"; };
template <> struct suffix<long long> { static constexpr const char* name = "i64"; };
template <> struct suffix<float> { static constexpr const char* name = "f32"; };
template <> struct suffix<double> { static constexpr const char* name = "f64"; };
template <> struct suffix<__half> { static constexpr const char* name = "f16"; };
template <> struct suffix<__nv_bfloat16> { static constexpr const char* name = "bf16"; };

// " key=hex,hex,hex"
template <typename T> static void put_list(const char* key, const std::vector<T>& values) {
    std::printf(" %s=", key);
    for (size_t i = 0; i < values.size(); i++) {
        if (i > 0) std::printf(",");
        emit(values[i]);
    }
}

// " key=n,n,n" in decimal (shapes, strides, dims, index values, geometry).
template <typename I> static void put_decimal(const char* key, const std::vector<I>& values) {
    std::printf(" %s=", key);
    for (size_t i = 0; i < values.size(); i++) std::printf(i > 0 ? ",%lld" : "%lld", (long long) values[i]);
}
static void put_decimal(const char* key, long long value) { std::printf(" %s=%lld", key, value); }

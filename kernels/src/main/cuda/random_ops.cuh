// Element i of a random fill (ABI.md's random_DIST_T), __host__ __device__ so that src/test/cuda/host_check.cu
// compares whole fills with engine-cpu's CpuBackend.random: uniform is CounterRandom's number at counter + i
// (uniformFloat for float32, uniform for float64), normal its normal(seed, counter + 2i) (rounded to float for
// float32). The half types draw float32's number: normal rounds it once to nearest even, uniform keeps its top 11
// (float16) or 8 (bfloat16) bits, as PyTorch's half uniform, so it stays below 1; the CPU does the same, so a seed
// gives the same half tensor on both (uniform bit for bit).
#pragma once

#include "casts.cuh"
#include "counter_random.cuh"

template <typename T>
__host__ __device__ __forceinline__ T random_uniform_element(unsigned long long seed, unsigned long long counter, long long i) {
    const unsigned long long at = counter + (unsigned long long) i;
    if constexpr (same_type<T, double>::value) return counter_random_uniform(seed, at);
    else if constexpr (same_type<T, float>::value) return counter_random_uniform_float(seed, at);
    else {   // the half type's significand bits only (k / 2^11 or k / 2^8, exact), below 1 as PyTorch's
        const float steps = same_type<T, __half>::value ? 2048.0f : 256.0f;
        return from_float<T>(floorf(counter_random_uniform_float(seed, at) * steps) / steps);
    }
}

template <typename T>
__host__ __device__ __forceinline__ T random_normal_element(unsigned long long seed, unsigned long long counter, long long i) {
    const double v = counter_random_normal(seed, counter + 2ULL * (unsigned long long) i);
    if constexpr (same_type<T, double>::value) return v;
    else if constexpr (same_type<T, float>::value) return (float) v;
    else return from_float<T>((float) v);
}

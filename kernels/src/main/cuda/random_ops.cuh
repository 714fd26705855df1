// Element i of a random fill (ABI.md's random_DIST_T), __host__ __device__ so that src/test/cuda/host_check.cu
// compares whole fills with engine-cpu's CpuBackend.random: uniform is CounterRandom's number at counter + i
// (uniformFloat for float32, uniform for float64), normal its normal(seed, counter + 2i) (rounded to float for
// float32). The half types draw float32's number and round it once to nearest even, as the CPU rounds its float32
// fill into a half tensor, so a seed gives the same half tensor on both (uniform bit for bit).
#pragma once

#include "casts.cuh"
#include "counter_random.cuh"

template <typename T>
__host__ __device__ __forceinline__ T random_uniform_element(unsigned long long seed, unsigned long long counter, long long i) {
    const unsigned long long at = counter + (unsigned long long) i;
    if constexpr (same_type<T, double>::value) return counter_random_uniform(seed, at);
    else if constexpr (same_type<T, float>::value) return counter_random_uniform_float(seed, at);
    else return from_float<T>(counter_random_uniform_float(seed, at));
}

template <typename T>
__host__ __device__ __forceinline__ T random_normal_element(unsigned long long seed, unsigned long long counter, long long i) {
    const double v = counter_random_normal(seed, counter + 2ULL * (unsigned long long) i);
    if constexpr (same_type<T, double>::value) return v;
    else if constexpr (same_type<T, float>::value) return (float) v;
    else return from_float<T>((float) v);
}

// Random fills (ABI.md): element i of a fill at (seed, counter) is CounterRandom's number at counter + i
// (uniform) or at the words counter + 2i, counter + 2i + 1 (normal), as engine-cpu's CpuBackend.random.
#pragma once

#include "common.cuh"
#include "counter_random.cuh"

__device__ __forceinline__ void store_uniform(float* out, long long i, unsigned long long seed, unsigned long long counter) {
    out[i] = counter_random_uniform_float(seed, counter + (unsigned long long) i);
}
__device__ __forceinline__ void store_uniform(double* out, long long i, unsigned long long seed, unsigned long long counter) {
    out[i] = counter_random_uniform(seed, counter + (unsigned long long) i);
}
__device__ __forceinline__ void store_normal(float* out, long long i, unsigned long long seed, unsigned long long counter) {
    out[i] = (float) counter_random_normal(seed, counter + 2ULL * (unsigned long long) i);
}
__device__ __forceinline__ void store_normal(double* out, long long i, unsigned long long seed, unsigned long long counter) {
    out[i] = counter_random_normal(seed, counter + 2ULL * (unsigned long long) i);
}

#define EMBER_RANDOM(DIST, SUF, T)                                                                                   \
    extern "C" __global__ void random_##DIST##_##SUF(unsigned long long seed, unsigned long long counter, T* out,   \
                                                     int n) {                                                       \
        EMBER_GRID_STRIDE(i, n) store_##DIST(out, i, seed, counter);                                                \
    }
EMBER_RANDOM(uniform, f32, float)
EMBER_RANDOM(uniform, f64, double)
EMBER_RANDOM(normal, f32, float)
EMBER_RANDOM(normal, f64, double)

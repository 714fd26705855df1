// Random fills (ABI.md): element i of a fill at (seed, counter) is random_ops.cuh's, CounterRandom's number at
// counter + i (uniform) or at the words counter + 2i, counter + 2i + 1 (normal), as engine-cpu's CpuBackend.random.
#pragma once

#include "common.cuh"
#include "random_ops.cuh"

#define EMBER_RANDOM(DIST, SUF, T)                                                                                   \
    extern "C" __global__ void random_##DIST##_##SUF(unsigned long long seed, unsigned long long counter, T* out,   \
                                                     int n) {                                                       \
        EMBER_GRID_STRIDE(i, n) out[i] = random_##DIST##_element<T>(seed, counter, i);                               \
    }
EMBER_RANDOM(uniform, f32, float)
EMBER_RANDOM(uniform, f64, double)
EMBER_RANDOM(normal, f32, float)
EMBER_RANDOM(normal, f64, double)
EMBER_RANDOM(uniform, f16, __half)
EMBER_RANDOM(uniform, bf16, __nv_bfloat16)
EMBER_RANDOM(normal, f16, __half)
EMBER_RANDOM(normal, bf16, __nv_bfloat16)

// engine-api's dev.ember.backend.CounterRandom, bit for bit: a stateless hash of (seed, index), so a fill on the
// GPU draws exactly the numbers the CPU draws. Java's long arithmetic wraps, which unsigned arithmetic does in
// C++; `>>>` is the unsigned shift. __host__ __device__ so that src/test/cuda/host_check.cu can compare with Java.
#pragma once

__host__ __device__ __forceinline__ unsigned long long counter_random_mix(unsigned long long z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

__host__ __device__ __forceinline__ unsigned long long counter_random_bits(unsigned long long seed, unsigned long long index) {
    unsigned long long z = counter_random_mix(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL) + index * 0xBF58476D1CE4E5B9ULL;
    return counter_random_mix(z);
}

// Uniform on [0, 1) with 53 random bits (both factors exact: the product is exact).
__host__ __device__ __forceinline__ double counter_random_uniform(unsigned long long seed, unsigned long long index) {
    return (double) (counter_random_bits(seed, index) >> 11) * 0x1.0p-53;
}

// Uniform on [0, 1) with 24 random bits: never rounds up to 1 in float32.
__host__ __device__ __forceinline__ float counter_random_uniform_float(unsigned long long seed, unsigned long long index) {
    return (float) (counter_random_bits(seed, index) >> 40) * 0x1.0p-24f;
}

// Standard normal by Box-Muller from the words `first` and `first + 1`. log, sqrt and cos are CUDA's (within
// 1 ulp) where Java uses its own, so this can differ from the CPU in the last bit or two.
__host__ __device__ __forceinline__ double counter_random_normal(unsigned long long seed, unsigned long long first) {
    double u1 = (double) ((counter_random_bits(seed, first) >> 11) + 1) * 0x1.0p-53;   // (0, 1]: log is finite
    double u2 = (double) (counter_random_bits(seed, first + 1) >> 11) * 0x1.0p-53;
    return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.141592653589793 * u2);
}

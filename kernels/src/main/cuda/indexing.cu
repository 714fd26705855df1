// gather and scatter along one dim (ABI.md), one thread per element of the index. The indexed operand (gather's
// source, scatter's destination) is addressed through its own offset and strides at the index's multi-index,
// except along `dim`, where the coordinate is the index's value. The operands share the index's rank. Indices
// were range-checked by the engine.
#pragma once

#include "common.cuh"
#include "casts.cuh"

// The multi-index of linear index i, row-major over `by`'s shape; the entries from by.rank on are unused.
struct Coordinates {
    unsigned int at[EMBER_MAX_RANK];
};

__device__ __forceinline__ Coordinates coordinates(const Strided& by, unsigned int i) {
    Coordinates c;
#pragma unroll
    for (int d = EMBER_MAX_RANK - 1; d >= 0; --d) {
        c.at[d] = 0;
        if (d < by.rank) {
            c.at[d] = i;
            if (d > 0) {
                unsigned int size = (unsigned int) by.shape[d];
                c.at[d] = i % size;
                i /= size;
            }
        }
    }
    return c;
}

// The storage position of `s` at multi-index c over its first `rank` dims, with coordinate `dim` replaced by
// `value` (dim = -1 replaces none). The replacement selects a coordinate, never a stride: selecting
// s.strides[dim] got folded into a dynamically indexed load of the parameter, which copies the whole Strided
// to local memory.
__device__ __forceinline__ long long position(const Strided& s, int rank, const Coordinates& c, int dim = -1,
                                              long long value = 0) {
    long long p = s.offset;
#pragma unroll
    for (int d = 0; d < EMBER_MAX_RANK; ++d) {
        if (d < rank) p += (d == dim ? value : (long long) c.at[d]) * s.strides[d];
    }
    return p;
}

template <typename T>
__device__ __forceinline__ void gather_body(const Strided& src, const T* s, int dim, const Strided& index,
                                            const long long* ip, const Strided& out, T* o, int n) {
    EMBER_GRID_STRIDE(i, n) {
        const Coordinates c = coordinates(out, (unsigned int) i);
        const long long at = ip[position(index, out.rank, c)];
        o[position(out, out.rank, c)] = s[position(src, out.rank, c, dim, at)];
    }
}

// scatter add: atomic, as several index elements may name one destination element.
__device__ __forceinline__ void atomic_accumulate(float* p, float v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomic_accumulate(double* p, double v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomic_accumulate(int* p, int v) { atomicAdd(p, v); }   // wraps
__device__ __forceinline__ void atomic_accumulate(long long* p, long long v) {
    atomicAdd((unsigned long long*) p, (unsigned long long) v);   // two's complement: the same bits, wrapping
}
// bool: OR. There is no byte atomic, so the byte's low bit is set in its aligned 32-bit word (little-endian: byte
// k of the word is bits 8k..8k+7). The word starts inside the allocation (bases are at least 4-byte aligned);
// its other bytes are mapped device memory ORed with 0, so they are unchanged even where another tensor owns them.
__device__ __forceinline__ void atomic_accumulate(ember_bool* p, ember_bool v) {
    if (v == 0) return;
    const unsigned long long at = (unsigned long long) p;
    atomicOr((unsigned int*) (at & ~3ULL), 1u << ((at & 3) * 8));
}

template <typename T, bool ADD>
__device__ __forceinline__ void scatter_body(const Strided& dst, T* d, int dim, const Strided& index,
                                             const long long* ip, const Strided& src, const T* s, int n) {
    EMBER_GRID_STRIDE(i, n) {
        const Coordinates c = coordinates(index, (unsigned int) i);
        const long long at = ip[position(index, index.rank, c)];
        T* target = d + position(dst, index.rank, c, dim, at);
        const T v = s[position(src, index.rank, c)];
        if constexpr (ADD) atomic_accumulate(target, v);
        else *target = v;   // duplicates: one of them wins (the CPU's is the last)
    }
}

#define EMBER_GATHER(SUF, T)                                                                                   \
    extern "C" __global__ void gather_##SUF(Strided src, const T* s, int dim, Strided index, const long long* ip, \
                                            Strided out, T* o, int n) {                                          \
        gather_body<T>(src, s, dim, index, ip, out, o, n);                                                       \
    }
#define EMBER_SCATTER(MODE, ADD, SUF, T)                                                                      \
    extern "C" __global__ void scatter_##MODE##_##SUF(Strided dst, T* d, int dim, Strided index,              \
                                                      const long long* ip, Strided src, const T* s, int n) {  \
        scatter_body<T, ADD>(dst, d, dim, index, ip, src, s, n);                                              \
    }
#define EMBER_INDEXING(SUF, T)           \
    EMBER_GATHER(SUF, T)                 \
    EMBER_SCATTER(replace, false, SUF, T) \
    EMBER_SCATTER(add, true, SUF, T)
EMBER_INDEXING(b, ember_bool)
EMBER_INDEXING(i32, int)
EMBER_INDEXING(i64, long long)
EMBER_INDEXING(f32, float)
EMBER_INDEXING(f64, double)

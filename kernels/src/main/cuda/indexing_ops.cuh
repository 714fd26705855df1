// One element of gather and scatter (ABI.md), __host__ __device__ so that src/test/cuda/host_check.cu runs the
// same index math as the kernels. The indexed operand (gather's source, scatter's destination) is addressed
// through its own offset and strides at the index's multi-index, except along `dim`, where the coordinate is
// the index's value. The operands share the index's rank. Indices were range-checked by the engine.
#pragma once

#include "common.cuh"
#include "element_ops.cuh"

// The multi-index of linear index i, row-major over `by`'s shape; the entries from by.rank on are 0.
struct Coordinates {
    unsigned int at[EMBER_MAX_RANK];
};

__host__ __device__ __forceinline__ Coordinates coordinates(const Strided& by, unsigned int i) {
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
__host__ __device__ __forceinline__ long long position(const Strided& s, int rank, const Coordinates& c, int dim = -1,
                                                       long long value = 0) {
    long long p = s.offset;
#pragma unroll
    for (int d = 0; d < EMBER_MAX_RANK; ++d) {
        if (d < rank) p += (d == dim ? value : (long long) c.at[d]) * s.strides[d];
    }
    return p;
}

// out at multi-index m (the i-th, row-major over out's shape, which is the index's) = src at m with m[dim] = index[m].
template <typename T>
__host__ __device__ __forceinline__ void gather_element(const Strided& src, const T* s, int dim, const Strided& index,
                                                        const long long* ip, const Strided& out, T* o, unsigned int i) {
    const Coordinates c = coordinates(out, i);
    const long long at = ip[position(index, out.rank, c)];
    o[position(out, out.rank, c)] = s[position(src, out.rank, c, dim, at)];
}

#ifdef __CUDACC__
// scatter add on the GPU: atomic, as several index elements may name one destination element.
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
#endif

// dst[m with m[dim] = index[m]] (=, +=) src[m] for the i-th multi-index m of the index. Add is atomic on the
// GPU and a plain update on the host (host_check runs the elements one after the other, as the CPU does).
template <typename T, bool ADD>
__host__ __device__ __forceinline__ void scatter_element(const Strided& dst, T* d, int dim, const Strided& index,
                                                         const long long* ip, const Strided& src, const T* s,
                                                         unsigned int i) {
    const Coordinates c = coordinates(index, i);
    const long long at = ip[position(index, index.rank, c)];
    T* target = d + position(dst, index.rank, c, dim, at);
    const T v = s[position(src, index.rank, c)];
    if constexpr (!ADD) {
        *target = v;   // duplicates: one of them wins (the CPU's is the last)
    } else {
#ifdef __CUDA_ARCH__
        atomic_accumulate(target, v);
#else
        if constexpr (same_type<T, ember_bool>::value) *target = (*target != 0 || v != 0) ? 1 : 0;
        else *target = wrap_add(*target, v);
#endif
    }
}

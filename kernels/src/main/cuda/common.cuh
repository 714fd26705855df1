// What every kernel family shares: the strided operand of ABI.md, the walk from a row-major linear index to
// storage positions, and the grid-stride loop. Included once, through kernels.cu.
#pragma once

#define EMBER_MAX_RANK 8

// ABI.md's operand: element (i0, ..., i_{r-1}) is at ptr[offset + sum i_d * strides[d]]. Java packs it as int[18].
struct Strided {
    int rank;
    int offset;
    int shape[EMBER_MAX_RANK];
    int strides[EMBER_MAX_RANK];
};
static_assert(sizeof(Strided) == 72, "Strided must be the 72 bytes Java packs");

// The storage position in each of `ops` of linear index `i` taken row-major over `by`'s shape (every operand has
// that shape). The loop over dims is unrolled with a rank guard so that shape and strides are read at constant
// indices straight from the kernel's parameters (a dynamic index would copy them to local memory). The
// outermost dim needs no division: what is left of `i` is its coordinate, so rank 1 costs no division at all.
// `i` must be below the shape's element count, which is below 2^31 (ABI: n is an int).
template <int K>
struct Positions {
    long long at[K];
};

template <typename... Ops>
__host__ __device__ __forceinline__ Positions<sizeof...(Ops)> positions(const Strided& by, unsigned int i,
                                                                        const Ops&... ops) {
    Positions<sizeof...(Ops)> p{{(long long) ops.offset...}};
#pragma unroll
    for (int d = EMBER_MAX_RANK - 1; d >= 0; --d) {
        if (d < by.rank) {
            unsigned int c = i;
            if (d > 0) {
                unsigned int size = (unsigned int) by.shape[d];
                c = i % size;
                i /= size;
            }
            int k = 0;
            ((p.at[k++] += (long long) c * ops.strides[d]), ...);
        }
    }
    return p;
}

// Grid-stride loop over [0, n) with a 64-bit variable, so that `i += stride` never overflows.
#define EMBER_GRID_STRIDE(i, n)                                                                   \
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (long long) (n);   \
         i += (long long) blockDim.x * gridDim.x)

// The kernels that reduce inside a block (reduce_*, softmax_*) are launched with this many threads (ABI.md).
#define EMBER_BLOCK 256
#define EMBER_WARPS (EMBER_BLOCK / 32)

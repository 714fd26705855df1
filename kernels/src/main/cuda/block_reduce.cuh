// A reduction across the threads of one block: warp shuffles, then one partial per warp through shared memory,
// then warp 0. For the kernels launched with blockDim.x == EMBER_BLOCK (any multiple of 32 up to it works).
#pragma once

#include "common.cuh"

__device__ __forceinline__ float shuffle_down(float v, int by) { return __shfl_down_sync(0xffffffffu, v, by); }
__device__ __forceinline__ double shuffle_down(double v, int by) { return __shfl_down_sync(0xffffffffu, v, by); }
__device__ __forceinline__ long long shuffle_down(long long v, int by) { return __shfl_down_sync(0xffffffffu, v, by); }

// `combine` over every thread's `v`, returned to every thread. `identity` fills warp 0's lanes beyond the warp
// count; `slots` is __shared__ V[EMBER_WARPS + 1], owned by the caller and reusable as soon as this returns.
//
// Every thread of the block must call it, the same number of times (it holds two __syncthreads). Two barriers
// are enough for back-to-back calls on the same slots: warp 0 reads the partials before this call's second
// barrier, so no thread can overwrite one in the next call before it is read; and the result slot is rewritten
// only after the next call's first barrier, which no thread passes before every thread has read this result.
template <typename V, typename Combine>
__device__ __forceinline__ V block_reduce(V v, Combine combine, V identity, V* slots) {
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
#pragma unroll
    for (int by = 16; by > 0; by >>= 1) v = combine(v, shuffle_down(v, by));   // lane 0 holds its warp's result
    if (lane == 0) slots[warp] = v;
    __syncthreads();
    if (warp == 0) {
        v = lane < (int) (blockDim.x >> 5) ? slots[lane] : identity;
#pragma unroll
        for (int by = 16; by > 0; by >>= 1) v = combine(v, shuffle_down(v, by));
        if (lane == 0) slots[EMBER_WARPS] = v;
    }
    __syncthreads();
    return slots[EMBER_WARPS];
}

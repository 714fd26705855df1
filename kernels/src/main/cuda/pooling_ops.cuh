// One output element of 2-D max and average pooling, and one input element of average pooling's backward pass,
// over contiguous NCHW planes (ABI.md), as engine-cpu's MaxPool and AvgPool compute them; __host__ __device__ so
// that src/test/cuda/host_check.cu runs the same window math as the kernels. Each window is clipped to the
// input, so padding never wins a max and is not counted by an average. Every count fits in an int (they are
// Java sizes); element indices are below 2^31.
#pragma once

#include "common.cuh"
#include "element_ops.cuh"

// The half types compute in float (C = compute_of<T>), their elements loaded exactly and each output rounded once,
// as the CPU's HalfKernels runs float32's pooling; float32 and float64 compute in themselves.

// The kernels' geometry parameters, in their order.
struct Pool2d {
    int N, C, H, W, oH, oW, kH, kW, sH, sW, pH, pW;
};

// The rows (or columns) of window i clipped to [0, size): [window_start, window_end).
__host__ __device__ __forceinline__ int window_start(int i, int stride, int pad) {
    const int at = i * stride - pad;
    return at > 0 ? at : 0;
}
__host__ __device__ __forceinline__ int window_end(int i, int stride, int pad, int kernel, int size) {
    const int end = i * stride - pad + kernel;
    return end < size ? end : size;
}

// The winner is the window's first NaN, else its first largest value (-0 ties with +0, so the first stays);
// its index is row * W + col inside the plane.
template <typename T>
__host__ __device__ __forceinline__ void max_pool2d_element(const T* x, T* out, long long* idx, const Pool2d& g,
                                                            unsigned int o) {
    const int j = (int) (o % g.oW), i = (int) (o / g.oW % g.oH);
    const unsigned int plane = o / g.oW / g.oH;
    const int r0 = window_start(i, g.sH, g.pH), r1 = window_end(i, g.sH, g.pH, g.kH, g.H);
    const int c0 = window_start(j, g.sW, g.pW), c1 = window_end(j, g.sW, g.pW, g.kW, g.W);
    const T* in = x + (long long) plane * g.H * g.W;
    typedef typename compute_of<T>::type C;
    int best = r0 * g.W + c0;   // windows are never empty: padding is at most half the window
    C top = load_as<C>(in[best]);
    for (int r = r0; r < r1; ++r) {
        for (int c = c0; c < c1; ++c) {
            const C v = load_as<C>(in[r * g.W + c]);
            if (top == top && (v != v || v > top)) {
                top = v;
                best = r * g.W + c;
            }
        }
    }
    out[o] = store_as<T>(top);
    idx[o] = best;
}

// The window's sum in double over the number of its in-bounds cells.
template <typename T>
__host__ __device__ __forceinline__ void avg_pool2d_element(const T* x, T* out, const Pool2d& g, unsigned int o) {
    const int j = (int) (o % g.oW), i = (int) (o / g.oW % g.oH);
    const unsigned int plane = o / g.oW / g.oH;
    const int r0 = window_start(i, g.sH, g.pH), r1 = window_end(i, g.sH, g.pH, g.kH, g.H);
    const int c0 = window_start(j, g.sW, g.pW), c1 = window_end(j, g.sW, g.pW, g.kW, g.W);
    const T* in = x + (long long) plane * g.H * g.W;
    typedef typename compute_of<T>::type C;
    double sum = 0;
    for (int r = r0; r < r1; ++r) {
        for (int c = c0; c < c1; ++c) sum += load_as<C>(in[r * g.W + c]);
    }
    out[o] = store_as<T>((C) (sum / ((r1 - r0) * (c1 - c0))));
}

// Gathers rather than scatters, so there are no atomics and every dx element is written: cell (h, w) sums, over
// the windows covering it in (i, j) order, the share dy / count rounded to T, in T: the CPU's additions in its
// order. Window i covers row h when i * sH - pH <= h < i * sH - pH + kH.
template <typename T>
__host__ __device__ __forceinline__ void avg_pool2d_backward_element(const T* dy, T* dx, const Pool2d& g,
                                                                     unsigned int e) {
    const int w = (int) (e % g.W), h = (int) (e / g.W % g.H);
    const unsigned int plane = e / g.W / g.H;
    const int i0 = h + g.pH < g.kH ? 0 : (h + g.pH - g.kH) / g.sH + 1;
    const int i1 = (h + g.pH) / g.sH + 1 < g.oH ? (h + g.pH) / g.sH + 1 : g.oH;
    const int j0 = w + g.pW < g.kW ? 0 : (w + g.pW - g.kW) / g.sW + 1;
    const int j1 = (w + g.pW) / g.sW + 1 < g.oW ? (w + g.pW) / g.sW + 1 : g.oW;
    const T* grad = dy + (long long) plane * g.oH * g.oW;
    typedef typename compute_of<T>::type C;
    C sum = 0;
    for (int i = i0; i < i1; ++i) {
        const int rows = window_end(i, g.sH, g.pH, g.kH, g.H) - window_start(i, g.sH, g.pH);
        for (int j = j0; j < j1; ++j) {
            const int cols = window_end(j, g.sW, g.pW, g.kW, g.W) - window_start(j, g.sW, g.pW);
            sum += (C) ((double) load_as<C>(grad[i * g.oW + j]) / (rows * cols));
        }
    }
    dx[e] = store_as<T>(sum);
}

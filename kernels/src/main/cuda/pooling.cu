// 2-D max and average pooling of contiguous NCHW planes (ABI.md), as engine-cpu's MaxPool and AvgPool: each
// window is clipped to the input, so padding never wins a max and is not counted by an average. One thread per
// output element (per input element for the backward pass); every count fits in an int (they are Java sizes).
#pragma once

#include "common.cuh"

// The rows (or columns) of window i clipped to [0, size): [window_start, window_end).
__device__ __forceinline__ int window_start(int i, int stride, int pad) { return max(0, i * stride - pad); }
__device__ __forceinline__ int window_end(int i, int stride, int pad, int kernel, int size) {
    return min(size, i * stride - pad + kernel);
}

// The winner is the window's first NaN, else its first largest value (-0 ties with +0, so the first stays),
// and its index is row * W + col inside the plane.
template <typename T>
__device__ __forceinline__ void max_pool2d_body(const T* x, T* out, long long* idx, int N, int C, int H, int W,
                                                int oH, int oW, int kH, int kW, int sH, int sW, int pH, int pW) {
    const long long n = (long long) N * C * oH * oW;
    EMBER_GRID_STRIDE(o, n) {
        const unsigned int u = (unsigned int) o;
        const int j = (int) (u % oW), i = (int) (u / oW % oH);
        const unsigned int plane = u / oW / oH;
        const int r0 = window_start(i, sH, pH), r1 = window_end(i, sH, pH, kH, H);
        const int c0 = window_start(j, sW, pW), c1 = window_end(j, sW, pW, kW, W);
        const T* in = x + (long long) plane * H * W;
        int best = r0 * W + c0;   // windows are never empty: padding is at most half the window
        T top = in[best];
        for (int r = r0; r < r1; ++r) {
            for (int c = c0; c < c1; ++c) {
                const T v = in[r * W + c];
                if (top == top && (v != v || v > top)) {
                    top = v;
                    best = r * W + c;
                }
            }
        }
        out[o] = top;
        idx[o] = best;
    }
}

// The window's sum in double over the number of its in-bounds cells.
template <typename T>
__device__ __forceinline__ void avg_pool2d_body(const T* x, T* out, int N, int C, int H, int W, int oH, int oW,
                                                int kH, int kW, int sH, int sW, int pH, int pW) {
    const long long n = (long long) N * C * oH * oW;
    EMBER_GRID_STRIDE(o, n) {
        const unsigned int u = (unsigned int) o;
        const int j = (int) (u % oW), i = (int) (u / oW % oH);
        const unsigned int plane = u / oW / oH;
        const int r0 = window_start(i, sH, pH), r1 = window_end(i, sH, pH, kH, H);
        const int c0 = window_start(j, sW, pW), c1 = window_end(j, sW, pW, kW, W);
        const T* in = x + (long long) plane * H * W;
        double sum = 0;
        for (int r = r0; r < r1; ++r) {
            for (int c = c0; c < c1; ++c) sum += in[r * W + c];
        }
        out[o] = (T) (sum / ((r1 - r0) * (c1 - c0)));
    }
}

// Gathers rather than scatters, so there are no atomics and every dx element is written: cell (h, w) sums, over
// the windows covering it in (i, j) order, the share dy / count rounded to T, in T, the CPU's additions in its
// order. Windows i covering row h: i * sH - pH <= h < i * sH - pH + kH.
template <typename T>
__device__ __forceinline__ void avg_pool2d_backward_body(const T* dy, T* dx, int N, int C, int H, int W, int oH,
                                                         int oW, int kH, int kW, int sH, int sW, int pH, int pW) {
    const long long n = (long long) N * C * H * W;
    EMBER_GRID_STRIDE(e, n) {
        const unsigned int u = (unsigned int) e;
        const int w = (int) (u % W), h = (int) (u / W % H);
        const unsigned int plane = u / W / H;
        const int i0 = h + pH < kH ? 0 : (h + pH - kH) / sH + 1, i1 = min(oH, (h + pH) / sH + 1);
        const int j0 = w + pW < kW ? 0 : (w + pW - kW) / sW + 1, j1 = min(oW, (w + pW) / sW + 1);
        const T* g = dy + (long long) plane * oH * oW;
        T sum = 0;
        for (int i = i0; i < i1; ++i) {
            const int rows = window_end(i, sH, pH, kH, H) - window_start(i, sH, pH);
            for (int j = j0; j < j1; ++j) {
                const int cols = window_end(j, sW, pW, kW, W) - window_start(j, sW, pW);
                sum += (T) ((double) g[i * oW + j] / (rows * cols));
            }
        }
        dx[e] = sum;
    }
}

#define EMBER_POOL_GEOMETRY int N, int C, int H, int W, int oH, int oW, int kH, int kW, int sH, int sW, int pH, int pW
#define EMBER_POOL_ARGS N, C, H, W, oH, oW, kH, kW, sH, sW, pH, pW
#define EMBER_POOLING(SUF, T)                                                                                  \
    extern "C" __global__ void max_pool2d_##SUF(const T* x, T* out, long long* idx, EMBER_POOL_GEOMETRY) {     \
        max_pool2d_body<T>(x, out, idx, EMBER_POOL_ARGS);                                                      \
    }                                                                                                          \
    extern "C" __global__ void avg_pool2d_##SUF(const T* x, T* out, EMBER_POOL_GEOMETRY) {                     \
        avg_pool2d_body<T>(x, out, EMBER_POOL_ARGS);                                                           \
    }                                                                                                          \
    extern "C" __global__ void avg_pool2d_backward_##SUF(const T* dy, T* dx, EMBER_POOL_GEOMETRY) {            \
        avg_pool2d_backward_body<T>(dy, dx, EMBER_POOL_ARGS);                                                  \
    }
EMBER_POOLING(f32, float)
EMBER_POOLING(f64, double)

package dev.ember.backend;

import dev.ember.DType;

/**
 * Inclusive scans along one dim, the kernel parameter of {@link Backend#scan}: element {@code i} of a row is the
 * op over elements {@code 0..i}. The names are the ops' own ({@code cumsum_f32} in every layer), so they share none
 * with {@link ReduceOp}.
 *
 * <ul>
 * <li>{@code CUMSUM}, {@code CUMPROD}: int64, float32 and float64 (the engine widens other integers to int64 first);
 *     floats accumulate in float64 and each output is rounded once, integers wrap in int64.</li>
 * <li>{@code CUMMAX}, {@code CUMMIN}: all dtypes; also write the int64 position of the running extreme. A later
 *     element equal to the extreme takes over (PyTorch's {@code >=} / {@code <=} rule), and NaN wins: once a NaN is
 *     seen it stays, and each later NaN takes over the position.</li>
 * <li>{@code LOGCUMSUMEXP}: float32 and float64, in float64: {@code max + log1p(exp(min - max))} of the running
 *     value and the next element, where both infinite and equal give that infinity.</li>
 * </ul>
 */
public enum ScanOp {
    CUMSUM, CUMPROD, CUMMAX, CUMMIN, LOGCUMSUMEXP;

    /** True for the ops that also write positions. */
    public boolean hasIndices() { return this == CUMMAX || this == CUMMIN; }

    /** Whether a backend runs this op on {@code t} (the output has the input's dtype). */
    public boolean accepts(DType t) {
        return switch (this) {
            case CUMSUM, CUMPROD -> t == DType.INT64 || t.isFloating();
            case CUMMAX, CUMMIN -> true;
            case LOGCUMSUMEXP -> t.isFloating();
        };
    }
}

package dev.ember.cpu;

/** {@code dst[dstOff + i] += src[srcOff + i]} for {@code i < n}: the scatter-add of col2im, one run at a time. */
interface RunAdd {
    void add(float[] src, int srcOff, float[] dst, int dstOff, int n);

    void add(double[] src, int srcOff, double[] dst, int dstOff, int n);
}

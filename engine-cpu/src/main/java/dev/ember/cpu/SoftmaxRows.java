package dev.ember.cpu;

/** Softmax or log-softmax of one contiguous float32 row of {@code n} values from {@code x[xi]} into {@code out[oi]}. */
interface SoftmaxRows {
    void softmax(float[] x, int xi, float[] out, int oi, int n, boolean log);
}

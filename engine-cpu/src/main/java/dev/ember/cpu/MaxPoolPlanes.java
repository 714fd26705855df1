package dev.ember.cpu;

/** The 2x2 stride-2 float32 max pool of one plane, as {@link MaxPool#plane} defines it (same winners, same bits). */
interface MaxPoolPlanes {
    void twoByTwo(float[] x, int in, PoolShape s, float[] y, long[] indices, int out);
}

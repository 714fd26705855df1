package dev.ember.cpu;

/** Plain-Java {@link RunAdd}, for JVMs without the Vector API (the JIT does not vectorise it: src and dst may alias). */
final class ScalarRunAdd implements RunAdd {
    @Override
    public void add(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) dst[dstOff + i] += src[srcOff + i];
    }

    @Override
    public void add(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) dst[dstOff + i] += src[srcOff + i];
    }
}

package dev.ember.cpu;

import dev.ember.backend.PoolGeometry;

/**
 * The sizes of one pooling call, {@code [planes = N*C, h, w]} into {@code [planes, oh, ow]}, and the window of
 * each output clipped to the input: padding never wins a max and is not counted by an average, so only the
 * clipped window {@code [rowStart, rowEnd) x [colStart, colEnd)} is ever read.
 */
record PoolShape(int planes, int h, int w, int oh, int ow, PoolGeometry g) {

    static PoolShape of(int[] in, int[] out, PoolGeometry g) {
        return new PoolShape(in[0] * in[1], in[2], in[3], out[2], out[3], g);
    }

    int inPlane() { return h * w; }

    int outPlane() { return oh * ow; }

    int rowStart(int i) { return Math.max(0, i * g.strideH() - g.padH()); }

    int rowEnd(int i) { return Math.min(h, i * g.strideH() - g.padH() + g.kernelH()); }

    int colStart(int j) { return Math.max(0, j * g.strideW() - g.padW()); }

    int colEnd(int j) { return Math.min(w, j * g.strideW() - g.padW() + g.kernelW()); }

    /** The common 2x2 window at stride 2 without padding: disjoint windows, none clipped. */
    boolean twoByTwo() {
        return g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0 && g.padW() == 0;
    }

    /** Element-operations of one call; decides whether it is worth splitting over threads. */
    long work() { return (long) planes * outPlane() * g.kernelH() * g.kernelW(); }
}

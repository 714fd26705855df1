package dev.ember.cpu;

import dev.ember.backend.ConvGeometry;

/**
 * The sizes of one conv2d call and what follows from them: input {@code [n, c, h, w]}, weight
 * {@code [m, c/groups, kh, kw]}, output {@code [n, m, oh, ow]}. Per group, the column matrix of an image has
 * {@link #kc()} rows (one per channel and kernel offset) and one column per output position; it is built a
 * tile of output rows at a time, so that a tile holds at most {@code columnBudget} elements.
 */
record ConvShape(int n, int c, int h, int w, int m, int kh, int kw, int oh, int ow, ConvGeometry g, int columnBudget) {

    /** Column tiles stay within this many elements (1 MiB of floats: in L2 while the GEMM packs them). */
    static final int COLUMN_BUDGET = 1 << 18;

    /**
     * Output maps of fewer positions than this are computed several images to a product (see {@link #imagesPerTile()}):
     * a product only {@code p} wide packs the weights once for few columns and, in the weight gradient, reads
     * and writes the whole {@code dW} for {@code p} multiply-adds per element.
     */
    static final int SMALL_MAP = 256;

    static ConvShape of(int[] x, int[] w, int[] y, ConvGeometry g) {
        return new ConvShape(x[0], x[1], x[2], x[3], w[0], w[2], w[3], y[2], y[3], g, COLUMN_BUDGET);
    }

    /** The same call built in column tiles of at most {@code budget} elements (at least one output row). */
    ConvShape withColumnBudget(int budget) {
        return new ConvShape(n, c, h, w, m, kh, kw, oh, ow, g, budget);
    }

    int groups() { return g.groups(); }

    /** Input channels per group. */
    int cg() { return c / groups(); }

    /** Output channels per group. */
    int mg() { return m / groups(); }

    /** Rows of the column matrix: the reduction length of every product. */
    int kc() { return cg() * kh * kw; }

    /** Output positions per image. */
    int p() { return oh * ow; }

    int inPlane() { return h * w; }

    /** Output rows per column tile. */
    int tileRows() { return Math.clamp(columnBudget / Math.max(1, kc() * ow), 1, oh); }

    /**
     * Whole images per column tile: where an image's output map is small (fewer than {@link #SMALL_MAP} positions)
     * and its column matrix fits the budget, as many images as fit share one tile, so that every product is
     * {@code images * p} wide (or deep) instead of {@code p}. One image per tile otherwise.
     */
    int imagesPerTile() {
        long perImage = (long) kc() * p();
        if (p() >= SMALL_MAP || perImage > columnBudget) return 1;
        return (int) Math.clamp(columnBudget / Math.max(1, perImage), 1, Math.max(1, n));   // a batch of none: 1
    }

    /**
     * The kernel covers the whole unpadded input (a DCGAN's 7x7 layer on 7x7 maps, or the transposed one that
     * grows 1x1 maps to 7x7): each image's column matrix is the image itself, one column, so the convolution over
     * the batch is one product with the images as rows, as a dense layer is.
     */
    boolean wholeInput() {
        return kh == h && kw == w && g.padH() == 0 && g.padW() == 0 && g.dilationH() == 1 && g.dilationW() == 1;
    }

    /** A 1x1 kernel at stride 1 without padding reads each input position once: the input is its own column matrix. */
    boolean pointwise() {
        return kh == 1 && kw == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
    }

    /** Input row read by output row {@code oh} at kernel row {@code i}; outside {@code [0, h)} it is padding. */
    int inputRow(int oh, int i) { return oh * g.strideH() - g.padH() + i * g.dilationH(); }

    /**
     * Stride 1 and as many output columns as input columns (a "same" convolution such as 3x3 with padding 1):
     * the input that consecutive output rows read at one kernel offset is one contiguous run, shifted.
     */
    boolean rowsAdjoin() { return g.strideH() == 1 && g.strideW() == 1 && ow == w; }

    /** First output row in {@code [r0, r1)} whose input row at kernel row {@code i} is inside the image. */
    int firstRowInside(int i, int r0, int r1) {
        return Math.clamp(Math.ceilDiv(g.padH() - i * g.dilationH(), g.strideH()), r0, r1);
    }

    /** One past the last output row in {@code [r0, r1)} whose input row at kernel row {@code i} is inside the image. */
    int endRowInside(int i, int r0, int r1) {
        return Math.clamp(Math.ceilDiv(h + g.padH() - i * g.dilationH(), g.strideH()), firstRowInside(i, r0, r1), r1);
    }

    /** Input column read by output column 0 at kernel column {@code j}. */
    int inputColumnShift(int j) { return j * g.dilationW() - g.padW(); }

    /** First output column whose input column at kernel column {@code j} is inside the image (not padding). */
    int firstInside(int j) { return Math.clamp(Math.ceilDiv(-inputColumnShift(j), g.strideW()), 0, ow); }

    /** One past the last output column whose input column at kernel column {@code j} is inside the image. */
    int endInside(int j) { return Math.clamp(Math.ceilDiv(w - inputColumnShift(j), g.strideW()), firstInside(j), ow); }

    /** Multiply-adds of one call; decides whether it is worth splitting over threads. */
    long work() { return (long) n * m * kc() * p(); }
}

package dev.ember.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.backend.ConvGeometry;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Column tiles of every height give the result of one whole-image tile, for the forward pass and both
 * gradients, with stride, padding, dilation and groups (the first and last tiles of an image are where the
 * kernel hangs over the padding). Float64, so only the order of the weight gradient's sums can differ.
 */
class Im2colConvolutionTest {

    @ParameterizedTest(name = "n={0} c={1} {2}x{3} m={4} k={5} stride={6} pad={7} dilation={8} groups={9}")
    @CsvSource(textBlock = """
            2, 4, 9, 8, 6, 3, 1, 1, 1, 2
            3, 2, 11, 7, 4, 3, 2, 2, 2, 1
            1, 3, 6, 10, 3, 2, 3, 1, 1, 3
            2, 3, 8, 9, 4, 3, 1, 2, 2, 1
            """)
    void tilesOfAnyHeightMatchOneTile(int n, int c, int h, int w, int m, int k, int stride, int pad, int dilation, int groups) {
        ConvGeometry g = new ConvGeometry(stride, stride, pad, pad, dilation, dilation, groups);
        int oh = g.outH(h, k), ow = g.outW(w, k);
        ConvShape whole = ConvShape.of(new int[] {n, c, h, w}, new int[] {m, c / groups, k, k}, new int[] {n, m, oh, ow}, g)
                .withColumnBudget(Integer.MAX_VALUE);
        double[] x = random(n * c * h * w, 1), wt = random(m * whole.kc(), 2), dy = random(n * m * oh * ow, 3);
        double[] y = new double[dy.length], dx = new double[x.length], dw = new double[wt.length];
        Im2colConvolution.DOUBLE.forward(whole, x, wt, y);
        Im2colConvolution.DOUBLE.backwardInput(whole, dy, wt, dx);
        Im2colConvolution.DOUBLE.backwardWeight(whole, x, dy, dw);
        for (int rows = 1; rows <= 3; rows++) {
            ConvShape tiled = whole.withColumnBudget(rows * whole.kc() * ow);
            assertEquals(rows, tiled.tileRows());
            double[] yt = new double[y.length], dxt = new double[dx.length], dwt = new double[dw.length];
            Im2colConvolution.DOUBLE.forward(tiled, x, wt, yt);
            Im2colConvolution.DOUBLE.backwardInput(tiled, dy, wt, dxt);
            Im2colConvolution.DOUBLE.backwardWeight(tiled, x, dy, dwt);
            assertClose("forward, " + rows + " rows a tile", y, yt);
            assertClose("input gradient, " + rows + " rows a tile", dx, dxt);
            assertClose("weight gradient, " + rows + " rows a tile", dw, dwt);
        }
    }

    /**
     * Several images side by side in one column matrix (small output maps) and one image at a time both give
     * the direct sums of the definition: 1x1 output maps (a kernel as large as the input, as a DCGAN's last
     * layer, which runs as one product over the batch), stride, padding, dilation, groups, a pointwise kernel,
     * odd sizes, and tiles that do not divide the batch.
     */
    @ParameterizedTest(name = "n={0} c={1} {2}x{3} m={4} k={5} stride={6} pad={7} dilation={8} groups={9}")
    @CsvSource(textBlock = """
            5, 6, 7, 7, 3, 7, 1, 0, 1, 1
            4, 4, 7, 7, 6, 7, 1, 0, 1, 2
            3, 4, 5, 5, 2, 5, 2, 0, 1, 1
            4, 3, 6, 6, 2, 5, 1, 0, 1, 1
            5, 4, 9, 8, 6, 3, 1, 1, 1, 2
            7, 3, 14, 13, 5, 4, 2, 1, 1, 1
            3, 2, 11, 7, 4, 3, 2, 2, 2, 1
            6, 4, 5, 5, 4, 1, 1, 0, 1, 1
            3, 6, 6, 10, 3, 2, 3, 1, 1, 3
            """)
    void imagesSideBySideMatchOneImageATile(int n, int c, int h, int w, int m, int k, int stride, int pad, int dilation, int groups) {
        ConvGeometry g = new ConvGeometry(stride, stride, pad, pad, dilation, dilation, groups);
        int oh = g.outH(h, k), ow = g.outW(w, k);
        ConvShape shape = ConvShape.of(new int[] {n, c, h, w}, new int[] {m, c / groups, k, k}, new int[] {n, m, oh, ow}, g);
        int perImage = shape.kc() * shape.p();
        ConvShape single = shape.withColumnBudget(perImage);
        assertEquals(1, single.imagesPerTile());
        double[] x = random(n * c * h * w, 4), wt = random(m * shape.kc(), 5), dy = random(n * m * oh * ow, 6);
        double[] y = new double[dy.length], dx = random(x.length, 7), dw = new double[wt.length];
        Im2colConvolution.DOUBLE.forward(single, x, wt, y);
        Im2colConvolution.DOUBLE.backwardInput(single, dy, wt, dx);
        Im2colConvolution.DOUBLE.backwardWeight(single, x, dy, dw);
        double[][] direct = direct(shape, x, wt, dy);
        assertClose("forward, one image a tile, against the direct sums", direct[0], y);
        assertClose("input gradient, one image a tile, against the direct sums", direct[1], dx);
        assertClose("weight gradient, one image a tile, against the direct sums", direct[2], dw);
        for (int images = 2; images <= n; images++) {
            ConvShape side = shape.withColumnBudget(images * perImage);
            assertEquals(images, side.imagesPerTile());
            double[] ys = random(y.length, 8), dxs = random(dx.length, 9), dws = random(dw.length, 10);   // every element written
            Im2colConvolution.DOUBLE.forward(side, x, wt, ys);
            Im2colConvolution.DOUBLE.backwardInput(side, dy, wt, dxs);
            Im2colConvolution.DOUBLE.backwardWeight(side, x, dy, dws);
            assertClose("forward, " + images + " images a tile", y, ys);
            assertClose("input gradient, " + images + " images a tile", dx, dxs);
            assertClose("weight gradient, " + images + " images a tile", dw, dws);
        }
        // float32 (weights packed once per call where images share a tile, strided kernels through PaddedIm2col)
        float[] xf = rounded(x), wf = rounded(wt), dyf = rounded(dy);
        double[][] exact = direct(shape, widened(xf), widened(wf), widened(dyf));
        for (int images = 1; images <= n; images++) {
            ConvShape side = shape.withColumnBudget(images * perImage);
            float[] ys = rounded(random(y.length, 8)), dxs = rounded(random(dx.length, 9)), dws = rounded(random(dw.length, 10));
            Im2colConvolution.FLOAT.forward(side, xf, wf, ys);
            Im2colConvolution.FLOAT.backwardInput(side, dyf, wf, dxs);
            Im2colConvolution.FLOAT.backwardWeight(side, xf, dyf, dws);
            assertNear("float32 forward, " + images + " images a tile", exact[0], ys);
            assertNear("float32 input gradient, " + images + " images a tile", exact[1], dxs);
            assertNear("float32 weight gradient, " + images + " images a tile", exact[2], dws);
        }
    }

    private static float[] rounded(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    private static double[] widened(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    /** Float32 sums of at most a few hundred products of values in [-1, 1]. */
    private static void assertNear(String what, double[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-4, what + ", element " + i);
    }

    /**
     * The padded-plane copies of strided kernels ({@link PaddedIm2col}) give {@link Im2col}'s bits: every row range
     * of the column matrix (a weight gradient's block of rows may start inside a channel), every tile of output
     * rows, and the input gradient of every tile of output rows, with padding, dilation and strides that differ by
     * direction.
     */
    @ParameterizedTest(name = "c={0} {1}x{2} k={3} stride={4}x{5} pad={6} dilation={7}")
    @CsvSource(textBlock = """
            3, 14, 14, 4, 2, 2, 1, 1
            2, 11, 9, 3, 2, 3, 2, 2
            2, 9, 12, 5, 3, 1, 0, 1
            1, 7, 7, 2, 2, 2, 0, 1
            """)
    void paddedPlaneCopiesMatchTheRunCopies(int c, int h, int w, int k, int strideH, int strideW, int pad, int dilation) {
        ConvGeometry g = new ConvGeometry(strideH, strideW, pad, pad, dilation, dilation, 1);
        int oh = g.outH(h, k), ow = g.outW(w, k);
        ConvShape s = ConvShape.of(new int[] {1, c, h, w}, new int[] {1, c, k, k}, new int[] {1, 1, oh, ow}, g);
        assertTrue(PaddedIm2col.suits(s));
        float[] x = floats(c * h * w, 11);
        int kc = s.kc();
        for (int r0 = 0; r0 < oh; r0++) {
            for (int r1 = r0 + 1; r1 <= oh; r1++) {
                int pt = (r1 - r0) * ow;
                for (int k0 = 0; k0 < kc; k0 += 5) {
                    int k1 = Math.min(kc, k0 + 7);
                    float[] expected = floats((k1 - k0) * pt + 3, 12), actual = expected.clone();
                    Im2col.im2col(x, 0, s, r0, r1, k0, k1, expected, 3, pt);
                    PaddedIm2col.im2col(x, 0, s, r0, r1, k0, k1, actual, 3, pt);
                    assertArrayEquals(expected, actual, "im2col rows " + r0 + "-" + r1 + ", matrix rows " + k0 + "-" + k1);
                }
            }
        }
        for (int r0 = 0; r0 < oh; r0++) {
            for (int r1 = r0 + 1; r1 <= oh; r1++) {
                int ld = (r1 - r0) * ow + 1;   // a wider matrix, as several images side by side make
                float[] col = floats(kc * ld + 2, 13), dx = new float[x.length + 1], dxPadded = new float[x.length + 1];
                Im2col.col2im(col.clone(), 2, ld, s, r0, r1, dx, 1);   // Im2col may zero col's padding entries
                PaddedIm2col.col2im(col, 2, ld, s, r0, r1, dxPadded, 1);
                assertArrayEquals(dx, dxPadded, "col2im rows " + r0 + "-" + r1);
            }
        }
    }

    private static float[] floats(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) r.nextDouble(-1, 1);
        return v;
    }

    /** {@code y}, {@code dx} and {@code dw} summed straight from the definition, one product at a time. */
    private static double[][] direct(ConvShape s, double[] x, double[] w, double[] dy) {
        ConvGeometry g = s.g();
        double[] y = new double[s.n() * s.m() * s.p()], dx = new double[x.length], dw = new double[w.length];
        for (int ni = 0; ni < s.n(); ni++) {
            for (int f = 0; f < s.m(); f++) {
                int gi = f / s.mg();
                for (int r = 0; r < s.oh(); r++) {
                    for (int q = 0; q < s.ow(); q++) {
                        int yi = ((ni * s.m() + f) * s.oh() + r) * s.ow() + q;
                        for (int ch = 0; ch < s.cg(); ch++) {
                            for (int i = 0; i < s.kh(); i++) {
                                for (int j = 0; j < s.kw(); j++) {
                                    int ih = r * g.strideH() - g.padH() + i * g.dilationH();
                                    int iw = q * g.strideW() - g.padW() + j * g.dilationW();
                                    if (ih < 0 || ih >= s.h() || iw < 0 || iw >= s.w()) continue;
                                    int xi = ((ni * s.c() + gi * s.cg() + ch) * s.h() + ih) * s.w() + iw;
                                    int wi = ((f * s.cg() + ch) * s.kh() + i) * s.kw() + j;
                                    y[yi] += x[xi] * w[wi];
                                    dx[xi] += dy[yi] * w[wi];
                                    dw[wi] += dy[yi] * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {y, dx, dw};
    }

    private static double[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[size];
        for (int i = 0; i < size; i++) v[i] = r.nextDouble(-1, 1);
        return v;
    }

    private static void assertClose(String what, double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-12, what + ", element " + i);
    }
}

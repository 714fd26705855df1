package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ember.DType;
import dev.ember.backend.ConvGeometry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A plan's descriptors against the real cuDNN at /opt/cudalibs; no GPU needed. */
class ConvolutionDescriptorsTest {
    @BeforeAll
    static void libraries() {
        LocalCudaLibraries.assumePresent();
    }

    @ParameterizedTest(name = "x [{0}, {1}, {2}, {3}], w [{4}, C/g, {5}, {6}], stride {7}x{8}, pad {9}x{10}, dilation {11}x{12}, groups {13}")
    @CsvSource({
            // n, c,  h,  w,  m, kh, kw, sh, sw, ph, pw, dh, dw, groups
            "1,  1,  5,  5,  1,  3,  3,  1,  1,  0,  0,  1,  1, 1",
            "2,  3, 32, 32, 16,  3,  3,  1,  1,  1,  1,  1,  1, 1",
            "4,  3, 28, 28,  8,  5,  5,  2,  2,  2,  2,  1,  1, 1",
            "2,  4, 13, 17,  6,  3,  2,  2,  3,  1,  0,  1,  1, 2",
            "1,  2, 15, 15,  4,  3,  3,  1,  1,  2,  2,  2,  2, 1",
            "3,  6, 10,  9,  6,  3,  3,  3,  2,  1,  1,  2,  3, 6",
            "1,  8,  7,  1,  4,  3,  1,  1,  1,  1,  0,  1,  1, 4",
            "2,  2,  1, 25,  3,  1,  7,  1,  4,  0,  3,  1,  2, 1",
    })
    void cudnnsOutputSizeIsConvGeometrysAndTheDescriptorsHoldTheKey(int n, int c, int h, int w, int m, int kh,
                                                                   int kw, int sh, int sw, int ph, int pw, int dh,
                                                                   int dw, int groups) {
        var g = new ConvGeometry(sh, sw, ph, pw, dh, dw, groups);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16}) {
            var key = ConvolutionKey.of(dtype, new int[] {n, c, h, w}, new int[] {m, c / groups, kh, kw}, g, false);
            try (var d = ConvolutionDescriptors.create(key)) {
                int[] out = Cudnn.convolution2dForwardOutputDim(d.forward, d.x, d.w);
                assertArrayEquals(new int[] {n, m, g.outH(h, kh), g.outW(w, kw)}, out);
                int type = Cudnn.dataType(dtype);
                int[] ys = key.yShape();
                assertArrayEquals(new int[] {type, ys[0], ys[1], ys[2], ys[3]},
                        java.util.Arrays.copyOf(Cudnn.tensor4d(d.y), 5));
                assertArrayEquals(new int[] {type, Cudnn.CUDNN_TENSOR_NCHW, m, c / groups, kh, kw},
                        Cudnn.filter4d(d.w));
                assertEquals((long) numel(ys) * dtype.byteSize(), Cudnn.tensorBytes(d.y));
                int compute = Cudnn.dataType(key.computeType());
                for (long conv : new long[] {d.forward, d.backwardData, d.backwardFilter}) {
                    assertArrayEquals(new int[] {ph, pw, sh, sw, dh, dw, Cudnn.CUDNN_CROSS_CORRELATION, compute, groups},
                            Cudnn.convolution2d(conv));
                    assertEquals(key.mathType(), Cudnn.convolutionMathType(conv));
                }
            }
        }
    }

    /**
     * The half types' descriptors in cuDNN's own numbers (its API log names 2 CUDNN_DATA_HALF, 9 CUDNN_DATA_BFLOAT16,
     * 1 CUDNN_TENSOR_OP_MATH): data in the half type, two bytes an element as cuDNN sizes them, accumulation in
     * float (cuDNN's PSEUDO_HALF / PSEUDO_BFLOAT16 configurations), tensor cores allowed in every direction.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"FLOAT16, 2", "BFLOAT16, 9"})
    void halfDescriptorsHoldTheHalfTypeAndAccumulateInFloat(DType dtype, int cudnnType) {
        var key = ConvolutionKey.of(dtype, new int[] {2, 4, 9, 7}, new int[] {6, 2, 3, 3},
                new ConvGeometry(2, 1, 1, 0, 1, 2, 2), true);
        try (var d = ConvolutionDescriptors.create(key)) {
            assertEquals(cudnnType, Cudnn.tensor4d(d.x)[0]);
            assertEquals(cudnnType, Cudnn.tensor4d(d.y)[0]);
            assertEquals(cudnnType, Cudnn.filter4d(d.w)[0]);
            assertEquals(2L * 2 * 4 * 9 * 7, Cudnn.tensorBytes(d.x));
            for (long conv : new long[] {d.forward, d.backwardData, d.backwardFilter}) {
                assertEquals(0, Cudnn.convolution2d(conv)[7]);   // CUDNN_DATA_FLOAT
                assertEquals(1, Cudnn.MathType.TENSOR_OP.value);
                assertEquals(Cudnn.MathType.TENSOR_OP, Cudnn.convolutionMathType(conv));
            }
        }
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int v : shape) n *= v;
        return n;
    }
}

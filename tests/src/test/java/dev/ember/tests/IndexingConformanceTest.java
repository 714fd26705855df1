package dev.ember.tests;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.ember.tests.Conformance.assertClose;
import static dev.ember.tests.Conformance.assertGradients;
import static dev.ember.tests.Conformance.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** gather, scatter, scatterAdd, indexSelect, masks and oneHot against loops written here. */
class IndexingConformanceTest {

    static long[] indices(long seed, int count, int bound) {
        Random r = new Random(seed);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) out[i] = r.nextInt(bound);
        return out;
    }

    @TestFactory
    List<DynamicTest> gatherAndScatter() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT64))
                for (int n : Conformance.AWKWARD_SIZES)
                    for (int dim : new int[] {0, 1})
                        tests.add(dynamicTest("gather/scatter " + dtype + " n=" + n + " dim " + dim + " " + device, () -> {
                            int rows = n, cols = 5;
                            double[] v = values(n, rows * cols, -9, 9);
                            for (int i = 0; i < v.length; i++) v[i] = Math.rint(v[i]);
                            Tensor x = Conformance.tensor(v, new int[] {rows, cols}, dtype, device, Conformance.Layout.TRANSPOSED);
                            int ir = dim == 0 ? Math.max(1, rows / 2) + 1 : rows;
                            int ic = dim == 0 ? cols : 3;
                            long[] idx = indices(n + dim, ir * ic, dim == 0 ? rows : cols);
                            Tensor index = Tensor.of(idx, ir, ic).to(device);
                            // gather: out[i][j] = x[idx[i][j]][j] (dim 0) or x[i][idx[i][j]] (dim 1)
                            double[] expected = new double[ir * ic];
                            for (int i = 0; i < ir; i++)
                                for (int j = 0; j < ic; j++) {
                                    int k = (int) idx[i * ic + j];
                                    expected[i * ic + j] = dim == 0 ? v[k * cols + j] : v[i * cols + k];
                                }
                            assertClose("gather", expected, x.gather(dim, index));
                            // scatterAdd into x: x[idx[i][j]][j] += src[i][j]
                            double[] src = values(n + 5, ir * ic, -3, 3);
                            for (int i = 0; i < src.length; i++) src[i] = Math.rint(src[i]);
                            double[] added = v.clone();
                            double[] replaced = v.clone();
                            for (int i = 0; i < ir; i++)
                                for (int j = 0; j < ic; j++) {
                                    int k = (int) idx[i * ic + j];
                                    int at = dim == 0 ? k * cols + j : i * cols + k;
                                    added[at] += src[i * ic + j];
                                    replaced[at] = src[i * ic + j];   // last write wins, as the loop runs in order
                                }
                            Tensor s = Tensor.of(src, ir, ic).to(dtype).to(device);
                            assertClose("scatterAdd", added, x.scatterAdd(dim, index, s));
                            if (device.equals(Device.CPU)) assertClose("scatter", replaced, x.scatter(dim, index, s));
                            if (dtype == DType.FLOAT64 && n <= 13) {
                                assertGradients("gather", in -> in[0].gather(dim, index), x);
                                assertGradients("scatterAdd", in -> in[0].scatterAdd(dim, index, in[1]), x, s);
                            }
                        }));
        return tests;
    }

    @Test
    void scatterGradientMasksOverwrittenPositions() {
        Tensor index = Tensor.of(new long[] {0, 2}, 1, 2);   // distinct positions: the gradient is well defined
        assertGradients("scatter", in -> in[0].scatter(1, index, in[1]), Tensor.randn(2, 3), Tensor.randn(1, 2));
    }

    @Test
    void indexSelect() {
        Tensor x = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4);
        Tensor idx = Tensor.of(new long[] {2, 0, 2});
        assertArrayEquals(new double[] {8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11}, x.indexSelect(0, idx).toDoubleArray());
        assertArrayEquals(new double[] {2, 0, 2, 6, 4, 6, 10, 8, 10}, x.indexSelect(1, idx).toDoubleArray());
        assertArrayEquals(new double[] {2, 0, 2, 6, 4, 6, 10, 8, 10}, x.indexSelect(1, Tensor.of(new int[] {2, 0, 2})).toDoubleArray());
        assertGradients("indexSelect", in -> in[0].indexSelect(0, idx), Tensor.randn(3, 4));   // repeats add up
        assertGradients("indexSelect dim 1", in -> in[0].t().indexSelect(1, idx), Tensor.randn(4, 3));
    }

    @Test
    void masks() {
        Tensor x = Tensor.of(new double[] {1, -2, 3, -4, 5, -6}, 2, 3);
        Tensor mask = x.lt(0.0);
        assertArrayEquals(new double[] {1, 0, 3, 0, 5, 0}, x.maskedFill(mask, 0).toDoubleArray());
        assertArrayEquals(new double[] {-2, -4, -6}, x.maskedSelect(mask).toDoubleArray());
        Tensor rowMask = Tensor.of(new boolean[] {true, false, true}, 1, 3);   // broadcast over rows
        assertArrayEquals(new double[] {1, 3, -4, -6}, x.maskedSelect(rowMask).toDoubleArray());
        assertArrayEquals(new long[] {0, 1, 1, 0}, Tensor.of(new double[] {0, 2, 3, 0}, 2, 2).nonzero().reshape(-1).toLongArray());
        assertGradients("maskedFill", in -> in[0].maskedFill(mask, 7), Tensor.randn(2, 3));
        assertGradients("maskedSelect", in -> in[0].maskedSelect(mask), Tensor.randn(2, 3));
    }

    @Test
    void oneHot() {
        Tensor labels = Tensor.of(new long[] {2, 0, 1});
        Tensor oh = labels.oneHot(3);
        assertEquals(DType.INT64, oh.dtype());
        assertArrayEquals(new long[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, oh.toLongArray());
        assertArrayEquals(new int[] {2, 2, 4}, Tensor.of(new int[] {0, 1, 2, 3}, 2, 2).oneHot(4).shape());
    }
}

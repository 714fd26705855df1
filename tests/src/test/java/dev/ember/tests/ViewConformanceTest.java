package dev.ember.tests;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.ember.tests.Conformance.assertClose;
import static dev.ember.tests.Conformance.assertGradients;
import static dev.ember.tests.Conformance.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Views (reshape, permute, expand, slice, squeeze, ...) and joins: values against index arithmetic done here,
 * gradients by finite differences, and views really sharing storage.
 */
class ViewConformanceTest {

    /** A view op, and where output element i comes from in the [a, b, c] input (row-major). */
    record ViewCase(String name, UnaryOperator<Tensor> op, java.util.function.BiFunction<int[], Integer, Integer> source) {}

    static List<ViewCase> cases() {
        return List.of(
                new ViewCase("reshape", x -> x.reshape(-1, x.size(2)), (s, i) -> i),
                new ViewCase("flatten", Tensor::flatten, (s, i) -> i),
                new ViewCase("permute", x -> x.permute(2, 0, 1), (s, i) -> {
                    int a = s[0], b = s[1], c = s[2];
                    int k = i / (a * b), rest = i % (a * b), ii = rest / b, j = rest % b;
                    return (ii * b + j) * c + k;
                }),
                new ViewCase("transpose", x -> x.transpose(0, 2), (s, i) -> {
                    int a = s[0], b = s[1], c = s[2];
                    int k = i / (b * a), rest = i % (b * a), j = rest / a, ii = rest % a;
                    return (ii * b + j) * c + k;
                }),
                new ViewCase("slice", x -> x.slice(2, 1, x.size(2), 2), (s, i) -> {
                    int c = s[2], len = (c - 1 + 1) / 2;
                    int row = i / len, k = i % len;
                    return row * c + 1 + 2 * k;
                }),
                new ViewCase("narrow", x -> x.narrow(1, 1, x.size(1) - 1), (s, i) -> {
                    int b = s[1], c = s[2];
                    int a0 = i / ((b - 1) * c), rest = i % ((b - 1) * c);
                    return a0 * b * c + (rest / c + 1) * c + rest % c;
                }),
                new ViewCase("select", x -> x.select(1, -1), (s, i) -> {
                    int b = s[1], c = s[2];
                    return (i / c) * b * c + (b - 1) * c + i % c;
                }),
                new ViewCase("unsqueeze+squeeze", x -> x.unsqueeze(1).squeeze(1), (s, i) -> i),
                new ViewCase("expand", x -> x.narrow(1, 0, 1).expand(-1, 4, -1), (s, i) -> {
                    int c = s[2];
                    return (i / (4 * c)) * s[1] * c + i % c;
                }),
                new ViewCase("contiguous of transpose", x -> x.transpose(1, 2).contiguous(), (s, i) -> {
                    int b = s[1], c = s[2];
                    int a0 = i / (c * b), rest = i % (c * b), k = rest / b, j = rest % b;
                    return (a0 * b + j) * c + k;
                }));
    }

    @TestFactory
    List<DynamicTest> valuesAndGradients() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (ViewCase vc : cases())
                for (int n : Conformance.AWKWARD_SIZES)
                    for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT64)) {
                        int[] shape = {2, 3, n};
                        tests.add(dynamicTest(vc.name + " " + dtype + " [2, 3, " + n + "] " + device, () -> {
                            double[] v = values(n, Conformance.numel(shape), -100, 100);
                            for (int i = 0; i < v.length; i++) v[i] = Math.rint(v[i]);
                            Tensor x = Tensor.of(v, shape).to(dtype).to(device);
                            Tensor y = vc.op.apply(x);
                            double[] expected = new double[Math.toIntExact(y.numel())];
                            for (int i = 0; i < expected.length; i++) expected[i] = v[vc.source.apply(shape, i)];
                            assertClose(vc.name, expected, y);
                            if (dtype == DType.FLOAT64 && n <= 13) assertGradients(vc.name, in -> vc.op.apply(in[0]), x);
                        }));
                    }
        return tests;
    }

    @Test
    void viewsShareStorageAndCopiesDoNot() {
        Tensor x = Tensor.zeros(3, 4);
        Tensor v = x.transpose(0, 1).narrow(0, 1, 2);
        assertSame(x.storage(), v.storage());
        v.fillInPlace(5);
        assertEquals(5 * 2 * 3, x.sum().item(), 0);
        Tensor c = x.t().contiguous();
        assertNotSame(x.storage(), c.storage());
        assertSame(x.storage(), x.view(12).storage());
        assertThrows(IllegalArgumentException.class, () -> x.t().view(12));
        assertArrayEquals(x.t().reshape(12).toFloatArray(), x.t().contiguous().view(12).toFloatArray());
    }

    @Test
    void catStackSplitChunk() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new double[] {5, 6}, 1, 2);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Tensor.cat(0, a, b).toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 1, 3, 4, 3}, Tensor.cat(1, a, a.narrow(1, 0, 1)).toDoubleArray());
        Tensor s = Tensor.stack(1, a, a.mul(10.0));
        assertArrayEquals(new int[] {2, 2, 2}, s.shape());
        assertArrayEquals(new double[] {1, 2, 10, 20, 3, 4, 30, 40}, s.toDoubleArray());
        List<Tensor> parts = Tensor.arange(0.0, 7.0, 1.0).split(3, 0);
        assertEquals(3, parts.size());
        assertArrayEquals(new float[] {6}, parts.get(2).toFloatArray());
        List<Tensor> chunks = Tensor.arange(0.0, 7.0, 1.0).chunk(2, 0);
        assertArrayEquals(new float[] {4, 5, 6}, chunks.get(1).toFloatArray());
        assertGradients("cat", in -> Tensor.cat(1, in[0], in[1].mul(in[1])), Tensor.randn(2, 3), Tensor.randn(2, 5));
        assertGradients("stack", in -> Tensor.stack(0, in[0], in[1].exp()), Tensor.randn(3), Tensor.randn(3));
        assertGradients("split", in -> in[0].split(2, 1).get(1).mul(3.0), Tensor.randn(2, 5));
        assertThrows(IllegalArgumentException.class, () -> Tensor.cat(0, a, Tensor.zeros(1, 3)));
    }

    @Test
    void secondOrderThroughViews() {
        var r = dev.ember.GradCheck.checkSecondOrder(
                in -> in[0].t().slice(0, 0, 3, 2).mul(in[0].narrow(0, 0, 1).t().expand(-1, 2).slice(0, 0, 3, 2)).exp(),
                Tensor.randn(2, 3));
        org.junit.jupiter.api.Assertions.assertTrue(r.passed(), r.toString());
    }
}

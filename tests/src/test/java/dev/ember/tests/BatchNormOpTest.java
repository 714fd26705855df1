package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.backend.Backends;
import dev.ember.backend.ComposedBatchNorm;
import dev.ember.backend.Storage;
import dev.ember.Device;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.ember.tests.Conformance.assertGradients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fused batch-norm op ({@link Tensor#batchNorm}) against the composite of tensor ops it replaces (values,
 * statistics, first and second gradients), finite differences in float64, and the composite of backend kernels
 * ({@link ComposedBatchNorm}, what the CUDA backend runs) against the fused CPU kernels. PyTorch's own values for
 * the same op are checked in nn ({@code BatchNormTest}, {@code FunctionalTorchTest}), which run through it.
 */
class BatchNormOpTest {
    /** Awkward sizes: one value per channel row, inner sizes below, at and above a SIMD block, rank 2 to 4. */
    private static final List<int[]> SHAPES = List.of(
            new int[] {2, 3}, new int[] {13, 7}, new int[] {3, 5, 1}, new int[] {2, 3, 17}, new int[] {3, 5, 7, 13},
            new int[] {4, 2, 8, 8}, new int[] {1, 4, 33});

    private static Tensor randn(long seed, DType dtype, int... shape) {
        return new Generator(seed).randn(shape).mul(1.7).add(0.6).to(dtype);
    }

    /** The tensor-op composite: mean, biased variance, normalise, scale and shift. */
    private static Tensor composite(Tensor x, Tensor w, Tensor b, double eps) {
        int[] dims = new int[x.rank() - 1];
        for (int d = 0, k = 0; d < x.rank(); d++) if (d != 1) dims[k++] = d;
        int[] channel = new int[x.rank()];
        Arrays.fill(channel, 1);
        channel[1] = x.size(1);
        Tensor centered = x.sub(x.mean(dims, true));
        Tensor y = centered.mul(centered.mul(centered).mean(dims, true).add(eps).rsqrt());
        if (w != null) y = y.mul(w.reshape(channel));
        return b == null ? y : y.add(b.reshape(channel));
    }

    private static void assertClose(String what, Tensor expected, Tensor actual, double tol) {
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= tol * (1 + Math.abs(e[i])))) {
                fail(what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
            }
        }
    }

    @Test
    void valuesStatisticsAndGradientsMatchTheComposite() {
        long seed = 1;
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            double tol = dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
            for (int[] shape : SHAPES) {
                for (boolean affine : new boolean[] {true, false}) {
                    String what = dtype + " " + Arrays.toString(shape) + (affine ? " affine" : "");
                    int c = shape[1];
                    Tensor x = randn(seed++, dtype, shape).requiresGrad(true);
                    Tensor w = affine ? randn(seed++, dtype, c).requiresGrad(true) : null;
                    Tensor b = affine ? randn(seed++, dtype, c).requiresGrad(true) : null;
                    Tensor g = randn(seed++, dtype, shape);

                    Tensor.BatchNorm fused = x.batchNorm(w, b, 1e-5);
                    Tensor y = composite(x, w, b, 1e-5);
                    assertClose(what + " output", y, fused.output(), tol);
                    int[] dims = new int[shape.length - 1];
                    for (int d = 0, k = 0; d < shape.length; d++) if (d != 1) dims[k++] = d;
                    assertClose(what + " mean", x.detach().mean(dims, false), fused.mean(), tol);
                    assertClose(what + " var", x.detach().var(dims, 0, false), fused.var(), tol);
                    assertTrue(!fused.mean().requiresGrad() && !fused.var().requiresGrad(), what + ": statistics outside the graph");

                    List<Tensor> inputs = affine ? List.of(x, w, b) : List.of(x);
                    List<Tensor> expected = Autograd.grad(y, inputs, g, false, false);
                    List<Tensor> actual = Autograd.grad(fused.output(), inputs, g, false, false);
                    for (int i = 0; i < inputs.size(); i++) {
                        assertClose(what + " gradient " + i, expected.get(i), actual.get(i), tol * 10);
                    }
                }
            }
        }
    }

    @Test
    void halfTypesComputeInFloat32AndRoundOnce() {
        long seed = 100;
        for (DType dtype : List.of(DType.FLOAT16, DType.BFLOAT16)) {
            double tol = dtype == DType.FLOAT16 ? 2e-3 : 1.6e-2;
            for (int[] shape : SHAPES) {
                int c = shape[1];
                Tensor x = randn(seed++, DType.FLOAT32, shape).to(dtype).requiresGrad(true);
                Tensor w = randn(seed++, DType.FLOAT32, c).to(dtype).requiresGrad(true);
                Tensor b = randn(seed++, DType.FLOAT32, c).to(dtype).requiresGrad(true);
                Tensor g = randn(seed++, DType.FLOAT32, shape).to(dtype);
                Tensor.BatchNorm half = x.batchNorm(w, b, 1e-5);
                assertEquals(dtype, half.output().dtype());
                Tensor xf = x.detach().to(DType.FLOAT32).requiresGrad(true);
                Tensor wf = w.detach().to(DType.FLOAT32).requiresGrad(true), bf = b.detach().to(DType.FLOAT32).requiresGrad(true);
                Tensor.BatchNorm single = xf.batchNorm(wf, bf, 1e-5);
                String what = dtype + " " + Arrays.toString(shape);
                assertClose(what + " output", single.output().to(dtype), half.output(), tol);
                List<Tensor> expected = Autograd.grad(single.output(), List.of(xf, wf, bf), g.to(DType.FLOAT32), false, false);
                List<Tensor> actual = Autograd.grad(half.output(), List.of(x, w, b), g, false, false);
                for (int i = 0; i < 3; i++) {
                    assertEquals(dtype, actual.get(i).dtype());
                    // the saved mean and variance are in the half type, so the backward sees them rounded: a
                    // weight gradient summed over hundreds of terms moves by about ten of the output's roundings
                    assertClose(what + " gradient " + i, expected.get(i).to(dtype), actual.get(i), tol * 10);
                }
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (int[] shape : List.of(new int[] {3, 2, 5}, new int[] {4, 3}, new int[] {2, 2, 3, 3})) {
            int c = shape[1];
            Tensor x = randn(11, DType.FLOAT64, shape);
            assertGradients("batchNorm " + Arrays.toString(shape), in -> in[0].batchNorm(in[1], in[2], 1e-5).output(),
                    x, randn(12, DType.FLOAT64, c), randn(13, DType.FLOAT64, c));
            assertGradients("batchNorm without affine " + Arrays.toString(shape),
                    in -> in[0].batchNorm(null, null, 1e-3).output(), x);
        }
    }

    @Test
    void secondOrderGradientsMatchTheComposite() {
        Tensor x = randn(21, DType.FLOAT64, 3, 2, 4).requiresGrad(true);
        Tensor w = randn(22, DType.FLOAT64, 2).requiresGrad(true);
        Tensor b = randn(23, DType.FLOAT64, 2).requiresGrad(true);
        Tensor g = randn(24, DType.FLOAT64, 3, 2, 4);
        // d/dx and d/dw of <dL/dx, r>: the gradient of a gradient, through the recorded rule
        Tensor r = randn(25, DType.FLOAT64, 3, 2, 4);
        Tensor fusedDx = Autograd.grad(x.batchNorm(w, b, 1e-5).output(), List.of(x), g, true, true).get(0);
        Tensor compositeDx = Autograd.grad(composite(x, w, b, 1e-5), List.of(x), g, true, true).get(0);
        List<Tensor> fused = Autograd.grad(fusedDx.mul(r).sum(), List.of(x, w));
        List<Tensor> reference = Autograd.grad(compositeDx.mul(r).sum(), List.of(x, w));
        for (int i = 0; i < 2; i++) assertClose("second-order gradient " + i, reference.get(i), fused.get(i), 1e-10);
    }

    @Test
    void theComposedBackendKernelsMatchTheFusedOnes() {
        var cpu = Backends.of(Device.CPU);
        ComposedBatchNorm composed = new ComposedBatchNorm(cpu);
        long seed = 31;
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            double tol = dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
            for (int[] shape : SHAPES) {
                int n = shape[0], c = shape[1], inner = Math.toIntExact(numel(shape) / n / c), size = n * c * inner;
                for (boolean affine : new boolean[] {true, false}) {
                    String what = dtype + " " + Arrays.toString(shape) + (affine ? " affine" : "");
                    Storage x = storage(randn(seed++, dtype, shape), dtype);
                    Storage w = affine ? storage(randn(seed++, dtype, c), dtype) : null;
                    Storage b = affine ? storage(randn(seed++, dtype, c), dtype) : null;
                    Storage dy = storage(randn(seed++, dtype, shape), dtype);
                    Storage[] fused = run(cpu::batchNorm, cpu::batchNormBackward, cpu, dtype, x, w, b, dy, n, c, inner, size);
                    Storage[] viaPrimitives = run(composed::forward, composed::backward, cpu, dtype, x, w, b, dy, n, c, inner, size);
                    String[] names = {"out", "mean", "var", "dx", "dWeight", "dBias"};
                    for (int i = 0; i < names.length; i++) {
                        double[] e = doubles(cpu, fused[i]), a = doubles(cpu, viaPrimitives[i]);
                        for (int j = 0; j < e.length; j++) {
                            if (!(Math.abs(e[j] - a[j]) <= tol * 10 * (1 + Math.abs(e[j])))) {
                                fail(what + " " + names[i] + "[" + j + "]: composed " + a[j] + ", fused " + e[j]);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The half types through the composite (what the CUDA backend runs) against the CPU's fused kernels: both compute
     * in float32 and round each result once, so they differ by float32's rounding alone, at most one unit in the last
     * place of the half result. Passes in the half type itself would round every intermediate and miss this by far.
     */
    @Test
    void theComposedBackendKernelsRunTheHalfTypesInFloat32AsTheFusedOnesDo() {
        var cpu = Backends.of(Device.CPU);
        ComposedBatchNorm composed = new ComposedBatchNorm(cpu);
        long seed = 71;
        for (DType dtype : List.of(DType.FLOAT16, DType.BFLOAT16)) {
            int bits = dtype == DType.FLOAT16 ? 10 : 7;   // mantissa bits: one unit in the last place is 2^-bits of it
            for (int[] shape : SHAPES) {
                int n = shape[0], c = shape[1], inner = Math.toIntExact(numel(shape) / n / c), size = n * c * inner;
                for (boolean affine : new boolean[] {true, false}) {
                    String what = dtype + " " + Arrays.toString(shape) + (affine ? " affine" : "");
                    Storage x = storage(randn(seed++, dtype, shape), dtype);
                    Storage w = affine ? storage(randn(seed++, dtype, c), dtype) : null;
                    Storage b = affine ? storage(randn(seed++, dtype, c), dtype) : null;
                    Storage dy = storage(randn(seed++, dtype, shape), dtype);
                    Storage[] fused = run(cpu::batchNorm, cpu::batchNormBackward, cpu, dtype, x, w, b, dy, n, c, inner, size);
                    Storage[] viaPrimitives = run(composed::forward, composed::backward, cpu, dtype, x, w, b, dy, n, c, inner, size);
                    String[] names = {"out", "mean", "var", "dx", "dWeight", "dBias"};
                    for (int i = 0; i < names.length; i++) {
                        assertEquals(dtype, viaPrimitives[i].dtype());
                        double[] e = doubles(cpu, fused[i]), a = doubles(cpu, viaPrimitives[i]);
                        for (int j = 0; j < e.length; j++) {
                            // float32's own error, in a gradient whose terms cancel, is the 1e-4
                            if (!(Math.abs(e[j] - a[j]) <= Math.scalb(Math.abs(e[j]), -bits) + 1e-4)) {
                                fail(what + " " + names[i] + "[" + j + "]: composed " + a[j] + ", fused " + e[j]);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void badInputIsRejectedNamingShapesAndDtypes() {
        Tensor x = Tensor.randn(4, 3, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> x.batchNorm(Tensor.ones(4), null, 1e-5));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.batchNorm(Tensor.ones(DType.FLOAT64, 3), null, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> Tensor.randn(1, 3).batchNorm(null, null, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> x.batchNorm(null, null, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.randn(5).batchNorm(null, null, 1e-5));
    }

    private interface Forward {
        void run(Storage x, int n, int c, int inner, Storage w, Storage b, double eps, Storage out, Storage mean, Storage var);
    }

    private interface Backward {
        void run(Storage dy, Storage x, int n, int c, int inner, Storage mean, Storage var, Storage w, double eps,
                 Storage dx, Storage dw, Storage db);
    }

    private static Storage[] run(Forward forward, Backward backward, dev.ember.backend.Backend cpu, DType dtype, Storage x,
                                 Storage w, Storage b, Storage dy, int n, int c, int inner, int size) {
        Storage out = cpu.allocate(dtype, size), mean = cpu.allocate(dtype, c), var = cpu.allocate(dtype, c);
        forward.run(x, n, c, inner, w, b, 1e-5, out, mean, var);
        Storage dx = cpu.allocate(dtype, size), dw = cpu.allocate(dtype, c), db = cpu.allocate(dtype, c);
        backward.run(dy, x, n, c, inner, mean, var, w, 1e-5, dx, dw, db);
        return new Storage[] {out, mean, var, dx, dw, db};
    }

    private static Storage storage(Tensor t, DType dtype) {
        var cpu = Backends.of(Device.CPU);
        if (dtype.isHalf()) {   // t's values are already the half type's: the cast is exact
            int n = Math.toIntExact(t.numel());
            Storage single = cpu.fromArray(t.toFloatArray()), half = cpu.allocate(dtype, n);
            cpu.copy(single, dev.ember.backend.Layout.contiguous(n), half, dev.ember.backend.Layout.contiguous(n));
            return half;
        }
        return cpu.fromArray(dtype == DType.FLOAT32 ? t.toFloatArray() : t.toDoubleArray());
    }

    private static double[] doubles(dev.ember.backend.Backend cpu, Storage s) {
        int n = Math.toIntExact(s.size());
        if (s.dtype().isHalf()) {
            Storage single = cpu.allocate(DType.FLOAT32, n);
            cpu.copy(s, dev.ember.backend.Layout.contiguous(n), single, dev.ember.backend.Layout.contiguous(n));
            s = single;
        }
        Object a = cpu.toArray(s, dev.ember.backend.Layout.contiguous(n));
        if (a instanceof double[] d) return d;
        float[] f = (float[]) a;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }
}

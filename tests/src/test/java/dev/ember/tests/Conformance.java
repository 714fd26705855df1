package dev.ember.tests;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import dev.ember.backend.Backends;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * What every conformance test shares: the devices to run on (each backend that loads here; a GPU test is
 * simply absent where there is no GPU), the tolerance table per dtype, input makers for awkward sizes,
 * non-contiguous views and broadcast shapes, and the comparison against float64 references and GradCheck.
 */
final class Conformance {
    private Conformance() {}

    /** Sizes that catch off-by-one, tail and blocking bugs. */
    static final int[] AWKWARD_SIZES = {1, 7, 13, 127, 1025};

    /** Sizes for finite differences (two forward passes per element); unary ops also take 1025. */
    static final int[] GRAD_SIZES = {1, 7, 13, 127};

    /** Relative and absolute tolerance per dtype: the one table every comparison reads. */
    record Tolerance(double rtol, double atol) {
        /**
         * The tolerance for a result that sums {@code length} products of inputs of magnitude about 1, computed in
         * the dtype itself (a GEMM's float32 accumulators): the textbook bound on the rounding of such a sum is
         * {@code length} unit roundoffs times the sum of the terms' magnitudes, and cancellation can leave a result
         * much smaller than that sum, so the absolute tolerance grows linearly with the length.
         */
        Tolerance forSumOf(int length) {
            return new Tolerance(rtol, atol * Math.max(1, length));
        }
    }

    static Tolerance tolerance(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> new Tolerance(1e-5, 1e-6);
            case FLOAT64 -> new Tolerance(1e-11, 1e-12);
            // the half types compute in float32 and round once (unit roundoff 2^-11 and 2^-8); composites round
            // after each of their ops, so allow several roundings
            case FLOAT16 -> new Tolerance(4e-3, 1e-3);
            case BFLOAT16 -> new Tolerance(3e-2, 1e-2);
            default -> new Tolerance(0, 0);
        };
    }

    static List<Device> devices() {
        List<Device> out = new ArrayList<>();
        out.add(Device.CPU);
        Device cuda = Device.cuda(0);
        if (Backends.available(cuda)) out.add(cuda);
        return out;
    }

    static final List<DType> FLOAT_TYPES = List.of(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16);

    // ---- inputs ----

    /** Values uniform in [lo, hi), reproducible from the seed. */
    static double[] values(long seed, int n, double lo, double hi) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.nextDouble();
        return v;
    }

    /** How an input tensor's elements are laid out in memory; the logical values are the same in each. */
    enum Layout { CONTIGUOUS, TRANSPOSED, STEPPED }

    /**
     * A tensor holding {@code values} (row-major for {@code shape}) on {@code device}, laid out as asked:
     * TRANSPOSED is a transpose of a tensor stored the other way round, STEPPED a slice with step 2 of a
     * larger tensor (non-unit inner stride, non-zero offset).
     */
    static Tensor tensor(double[] values, int[] shape, DType dtype, Device device, Layout layout) {
        Tensor base = Tensor.of(values, shape.length == 0 ? new int[0] : shape).to(dtype).to(device);
        if (shape.length == 0) return base;
        return switch (layout) {
            case CONTIGUOUS -> base;
            case TRANSPOSED -> {
                if (shape.length < 2) yield stepped(values, shape, dtype, device);
                int r = shape.length;
                Tensor swapped = base.transpose(r - 2, r - 1).contiguous();
                yield swapped.transpose(r - 2, r - 1);
            }
            case STEPPED -> stepped(values, shape, dtype, device);
        };
    }

    private static Tensor stepped(double[] values, int[] shape, DType dtype, Device device) {
        int last = shape[shape.length - 1];
        int[] wide = shape.clone();
        wide[wide.length - 1] = 2 * last + 1;
        double[] spread = new double[Arrays.stream(wide).reduce(1, (a, b) -> a * b)];
        Arrays.fill(spread, Double.NaN);   // any read of a gap shows up
        for (int i = 0; i < values.length; i++) {
            int row = i / last;
            int col = i % last;
            spread[row * wide[wide.length - 1] + 1 + 2 * col] = values[i];
        }
        Tensor w = Tensor.of(spread, wide).to(dtype).to(device);
        Tensor s = w.slice(-1, 1, 2 * last + 1, 2);
        if (!Arrays.equals(s.shape(), shape)) throw new IllegalStateException("stepped layout built wrong");
        return s;
    }

    // ---- comparisons ----

    static void assertClose(String what, double[] expected, Tensor actual) {
        assertClose(what, expected, actual, tolerance(actual.dtype()));
    }

    static void assertClose(String what, double[] expected, Tensor actual, Tolerance tol) {
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, what + ": element count");
        for (int i = 0; i < got.length; i++) {
            double e = expected[i];
            double g = got[i];
            if (Double.isNaN(e) && Double.isNaN(g)) continue;
            if (e == g) continue;   // also equal infinities
            double err = Math.abs(e - g);
            if (!(err <= tol.atol() + tol.rtol() * Math.abs(e))) {
                fail(what + ": element " + i + " is " + g + ", expected " + e + " (error " + err + ", dtype "
                        + actual.dtype() + ", device " + actual.device() + ")");
            }
        }
    }

    /** Like {@link #assertClose(String, double[], Tensor)} for a result that sums {@code reductionLength} products. */
    static void assertClose(String what, double[] expected, Tensor actual, int reductionLength) {
        assertClose(what, expected, actual, tolerance(actual.dtype()).forSumOf(reductionLength));
    }

    static void assertShape(int[] expected, Tensor t) {
        assertTrue(Arrays.equals(expected, t.shape()), "shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(expected));
    }

    /** Gradients of {@code f} at {@code inputs} (float64 on their device) against central differences. */
    static void assertGradients(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs);
        assertTrue(r.passed(), what + ": " + r);
    }

    /** When not on the CPU, the same computation on the CPU must agree within the dtype's tolerance. */
    static void assertMatchesCpu(String what, Tensor result, Function<Device, Tensor> compute) {
        if (result.device().equals(Device.CPU)) return;
        Tensor cpu = compute.apply(Device.CPU);
        assertClose(what + " vs cpu", cpu.toDoubleArray(), result);
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    // ---- the forward test every elementwise op gets ----

    /** A one-input op, its float64 reference and the range its test inputs are drawn from. */
    record Unary(String name, UnaryOperator<Tensor> op, DoubleUnaryOperator ref, double lo, double hi) {}

    /**
     * One test per device, float dtype, awkward size and layout: each op of {@code ops} on inputs drawn from its
     * range (seeded by {@code seedStep * n} and its name) against its reference on the inputs' values as the engine
     * sees them (float32 rounded), with {@code roundToDtype} rounded to the dtype first (for ops whose result is
     * exact in it, compared bit for bit in effect), within the dtype's tolerance.
     */
    static List<DynamicTest> unaryForward(List<Unary> ops, long seedStep, boolean roundToDtype) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : devices())
            for (Unary u : ops)
                for (DType dtype : FLOAT_TYPES)
                    for (int n : AWKWARD_SIZES)
                        for (Layout layout : Layout.values()) {
                            int[] shape = layout == Layout.TRANSPOSED ? new int[] {n, 3} : new int[] {n};
                            tests.add(dynamicTest(u.name() + " " + dtype + " " + Arrays.toString(shape) + " " + layout + " "
                                    + device, () -> {
                                double[] v = values(n * seedStep + u.name().hashCode(), numel(shape), u.lo(), u.hi());
                                Tensor x = tensor(v, shape, dtype, device, layout);
                                double[] in = x.toDoubleArray();
                                double[] expected = new double[in.length];
                                for (int i = 0; i < in.length; i++) {
                                    double e = u.ref().applyAsDouble(in[i]);
                                    expected[i] = !roundToDtype ? e : dtype == DType.FLOAT32 ? (float) e
                                            : dtype.isHalf() ? Tensor.scalar(e).to(dtype).item() : e;
                                }
                                Tensor y = u.op().apply(x);
                                assertTrue(Arrays.equals(shape, y.shape()), u.name() + ": shape " + Arrays.toString(y.shape()));
                                assertEquals(dtype, y.dtype(), u.name() + ": dtype");
                                assertClose(u.name(), expected, y);
                            }));
                        }
        return tests;
    }

    /**
     * One finite-difference check per device and awkward size: each op of {@code ops} on a {@code [3, n]} float64
     * input from its range (seeded by {@code n + seedOffset}), read through a transposed view so the backward meets
     * non-contiguous gradients too.
     */
    static List<DynamicTest> unaryGradients(List<Unary> ops, long seedOffset) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : devices())
            for (Unary u : ops)
                for (int n : AWKWARD_SIZES)
                    tests.add(dynamicTest(u.name() + " gradient n=" + n + " " + device, () -> {
                        Tensor x = Tensor.of(values(n + seedOffset, 3 * n, u.lo(), u.hi()), 3, n).to(device);
                        assertGradients(u.name(), in -> u.op().apply(in[0].t()), x);
                    }));
        return tests;
    }
}

package dev.ember.tests;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.backend.Backends;
import dev.ember.cuda.Cuda;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every op family on CUDA against the CPU backend on fresh random inputs (a new seed each run, printed in every
 * failure), values and gradients, awkward sizes and non-contiguous views, with the tolerance table of
 * {@link Conformance}. Skipped, not failed, where no GPU loads.
 */
class CudaMatchesCpuTest {
    private static final Device CUDA = Device.cuda(0);
    private static final long SEED = System.nanoTime();

    /**
     * An op on inputs of the given shapes, values drawn uniform in [lo, hi); {@code grad} says whether to check
     * gradients; {@code reduction} is the longest sum behind one output (the tolerance grows with it; 0: the
     * longest last dim of the inputs, right for elementwise ops, row reductions and matmul).
     */
    record Case(String name, int[][] shapes, double lo, double hi, boolean grad, int reduction,
                Function<Tensor[], Tensor> f) {}

    private static Case c(String name, Function<Tensor[], Tensor> f, int[]... shapes) {
        return new Case(name, shapes, -2, 2, true, 0, f);
    }

    /** A case whose outputs sum {@code reduction} products, more than the inputs' last dims say (convolutions, full reductions). */
    private static Case summing(String name, int reduction, Function<Tensor[], Tensor> f, int[]... shapes) {
        return new Case(name, shapes, -2, 2, true, reduction, f);
    }

    private static Case positive(String name, Function<Tensor[], Tensor> f, int[]... shapes) {
        return new Case(name, shapes, 0.2, 3, true, 0, f);
    }

    private static Case valuesOnly(String name, Function<Tensor[], Tensor> f, int[]... shapes) {
        return new Case(name, shapes, -2, 2, false, 0, f);
    }

    private static int[] s(int... shape) { return shape; }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int n : Conformance.AWKWARD_SIZES) {
            cases.add(c("neg " + n, x -> x[0].neg(), s(n)));
            cases.add(c("exp " + n, x -> x[0].exp(), s(n)));
            cases.add(positive("log " + n, x -> x[0].log(), s(n)));
            cases.add(c("log1p " + n, x -> x[0].abs().log1p(), s(n)));
            cases.add(positive("sqrt " + n, x -> x[0].sqrt(), s(n)));
            cases.add(positive("rsqrt " + n, x -> x[0].rsqrt(), s(n)));
            cases.add(c("abs sign " + n, x -> x[0].abs().add(x[0].sign()), s(n)));
            cases.add(c("sin cos " + n, x -> x[0].sin().mul(x[0].cos()), s(n)));
            cases.add(c("tanh sigmoid " + n, x -> x[0].tanh().add(x[0].sigmoid()), s(n)));
            cases.add(c("relu leaky elu " + n, x -> x[0].relu().add(x[0].leakyRelu(0.1)).add(x[0].elu(1.3)), s(n)));
            cases.add(c("softplus step " + n, x -> x[0].softplus().add(x[0].step()), s(n)));
            cases.add(new Case("erf erfc " + n, new int[][] {s(n)}, -6, 9, true, 0, x -> x[0].erf().add(x[0].erfc().mul(1e3))));
            cases.add(new Case("activations " + n, new int[][] {s(2, n)}, -5, 5, true, 0, x -> x[0].gelu().add(x[0].gelu("tanh"))
                    .add(x[0].silu()).add(x[0].mish()).add(x[0].hardswish()).add(x[0].relu6()).add(x[0].selu())
                    .add(x[0].celu(0.5)).add(x[0].logsigmoid()).add(x[0].softsign()).add(x[0].glu(0).add(x[0].softmin(1)))));
            cases.add(c("add sub mul " + n, x -> x[0].add(x[1]).mul(x[0].sub(x[1])), s(n), s(n)));
            cases.add(positive("div pow " + n, x -> x[0].div(x[1]).add(x[0].pow(x[1])), s(n), s(n)));
            cases.add(c("maximum minimum " + n, x -> x[0].maximum(x[1]).add(x[0].minimum(x[1])), s(n), s(n)));
            cases.add(c("comparisons where " + n, x -> Tensor.where(x[0].lt(x[1]).logicalOr(x[0].ge(0.5)), x[0], x[1]),
                    s(n), s(n)));
            cases.add(c("addcmul " + n, x -> x[0].addcmul(x[1], x[2], 0.3), s(n), s(n), s(n)));
            cases.add(c("sum mean " + n, x -> x[0].sum().add(x[0].mean()), s(n)));
            cases.add(c("max min " + n, x -> x[0].max().sub(x[0].min()), s(n)));
            cases.add(valuesOnly("argmax argmin " + n, x -> x[0].argmax().add(x[0].argmin()).to(x[0].dtype()), s(n)));
            cases.add(c("softmax rows " + n, x -> x[0].softmax(1).mul(x[0].logSoftmax(1)), s(3, n)));
            cases.add(c("matmul " + n, x -> x[0].matmul(x[1]), s(n, 13), s(13, 7)));
            cases.add(c("sort topk median " + n, x -> x[0].sort(1, true).values().mul(x[0].argsort(0, false).to(x[0].dtype()))
                    .sum().add(x[0].topk(Math.min(n, 3), 1, false, true).values().sum()).add(x[0].median(1, false).values().sum()), s(3, n)));
        }
        cases.add(c("broadcast add", x -> x[0].add(x[1]).mul(x[2]), s(4, 1, 7), s(5, 1), s(7)));
        cases.add(c("transposed views", x -> x[0].t().mul(x[1]).add(x[0].t().contiguous()), s(13, 7), s(7, 13)));
        cases.add(c("stepped slice", x -> x[0].slice(1, 1, 12, 3).exp(), s(5, 13)));
        cases.add(summing("sum over dims", 7 * 13, x -> x[0].sum(new int[] {0, 2}, false), s(7, 5, 13)));
        cases.add(c("sum over middle dim of a permuted view", x -> x[0].permute(2, 0, 1).sum(1), s(7, 5, 13)));
        cases.add(c("prod", x -> x[0].prod(new int[] {1}, false), s(7, 5)));
        cases.add(c("amax amin", x -> x[0].amax(new int[] {1}, false).add(x[0].amin(new int[] {0}, true).sum()), s(7, 13)));
        cases.add(summing("var std norm logsumexp", 7 * 13, x -> x[0].var().add(x[0].std()).add(x[0].norm(2)).add(x[0].logsumexp(new int[] {1}, false).sum()), s(7, 13)));
        cases.add(c("batched matmul", x -> x[0].matmul(x[1]), s(3, 7, 13), s(3, 13, 5)));
        cases.add(c("broadcast batched matmul", x -> x[0].matmul(x[1]), s(3, 7, 13), s(13, 5)));
        cases.add(c("matmul of transposed views", x -> x[0].t().matmul(x[1].t()), s(13, 7), s(5, 13)));
        cases.add(c("linear", x -> x[0].linear(x[1], x[2]), s(9, 13), s(5, 13), s(5)));
        cases.add(c("matmul 1025", x -> x[0].matmul(x[1]), s(33, 1025), s(1025, 17)));
        cases.add(summing("conv2d", 3 * 3 * 3, x -> x[0].conv2d(x[1], x[2], 1, 1), s(2, 3, 9, 8), s(4, 3, 3, 3), s(4)));
        cases.add(summing("conv2d stride dilation groups", 2 * 3 * 2 * 2, x -> x[0].conv2d(x[1], null, new int[] {2, 1}, new int[] {1, 2},
                new int[] {2, 1}, 2), s(2, 4, 11, 9), s(6, 2, 3, 2)));
        cases.add(summing("conv1d", 2 * 3 * 3, x -> x[0].conv1d(x[1], x[2], 2, 1, 1, 1), s(3, 2, 13), s(4, 2, 3), s(4)));
        cases.add(summing("convTranspose2d", 3 * 4 * 4, x -> x[0].convTranspose2d(x[1], x[2], 2, 1), s(2, 3, 5, 4), s(3, 4, 4, 4), s(4)));
        cases.add(summing("convTranspose2d output padding past the stride", 2 * 3 * 3, x -> x[0].convTranspose2d(x[1], null,
                new int[] {1, 2}, new int[] {1, 0}, new int[] {1, 1}, 2, new int[] {2, 1}), s(2, 4, 5, 6), s(4, 3, 3, 3)));
        cases.add(c("max pool", x -> x[0].maxPool2d(2, 2, 0), s(2, 3, 8, 7)));
        cases.add(c("max pool padded", x -> x[0].maxPool2d(3, 2, 1), s(2, 3, 9, 9)));
        cases.add(c("avg pool padded", x -> x[0].avgPool2d(3, 2, 1), s(2, 3, 9, 8)));
        cases.add(c("max avg pool 1d", x -> x[0].maxPool1d(3, 2, 1).add(x[0].avgPool1d(3, 2, 1)), s(2, 3, 13)));
        cases.add(c("gather", x -> x[0].gather(1, Tensor.of(new long[] {0, 4, 4, 1, 2, 0}, 2, 3).to(x[0].device())), s(2, 5)));
        cases.add(c("index select", x -> x[0].indexSelect(0, Tensor.of(new long[] {3, 0, 3}, 3).to(x[0].device())), s(4, 7)));
        cases.add(c("scatter add", x -> x[0].scatterAdd(1, Tensor.of(new long[] {0, 0, 2, 1, 1, 1}, 2, 3).to(x[0].device()), x[1]),
                s(2, 4), s(2, 3)));
        cases.add(c("cat stack split", x -> Tensor.cat(1, Tensor.stack(0, x[0], x[1]).sum(0), x[0]).split(3, 1).get(1), s(4, 5), s(4, 5)));
        cases.add(c("masked fill", x -> x[0].maskedFill(x[0].gt(0.3), -1.0), s(7, 13)));
        cases.add(valuesOnly("casts", x -> x[0].mul(100).to(DType.INT32).to(DType.INT64).to(DType.BOOL).to(DType.FLOAT32)
                .add(x[0].mul(10).to(DType.INT64).to(x[0].dtype())), s(1025)));
        cases.add(valuesOnly("integer arithmetic", x -> x[0].mul(50).to(DType.INT64).mul(x[1].mul(50).to(DType.INT64))
                .sum(new int[] {1}, false).to(DType.FLOAT64), s(7, 13), s(7, 13)));
        cases.add(summing("cumsum cumprod along rows and columns", 127, x -> x[0].cumsum(1).add(x[0].mul(0.5).add(1).cumprod(0)), s(7, 127)));
        cases.add(c("cummax cummin logcumsumexp of a transposed view", x -> x[0].t().cummax(0).values()
                .add(x[0].t().cummin(1).values()).add(x[0].t().logcumsumexp(0)), s(13, 9)));
        cases.add(valuesOnly("cummax indices, integer cumsum", x -> x[0].cummax(1).indices().add(x[0].mul(10).to(DType.INT32).cumsum(1))
                .add(x[0].gt(0).cummin(0).indices()).to(DType.FLOAT64), s(5, 1025)));
        cases.add(c("floor ceil round trunc frac", x -> x[0].mul(3.0).floor().add(x[0].mul(3.0).ceil()).add(x[0].mul(3.0).round())
                .add(x[0].mul(3.0).trunc()).add(x[0].mul(3.0).frac()), s(7, 13)));
        cases.add(c("remainder fmod floorDivide", x -> x[0].mul(5.0).remainder(x[1]).add(x[0].mul(5.0).fmod(x[1]))
                .add(x[0].mul(5.0).floorDivide(x[1])), s(7, 13), s(13)));
        cases.add(valuesOnly("integer remainder fmod floorDivide", x -> {
            Tensor a = x[0].mul(1000).to(DType.INT64), b = x[1].mul(10).to(DType.INT64).add(x[1].gt(0).to(DType.INT64).mul(2).sub(1).mul(11));
            return a.remainder(b).add(a.fmod(b)).add(a.floorDivide(b)).add(a.to(DType.INT32).floorDivide(b.to(DType.INT32)).to(DType.INT64))
                    .to(DType.FLOAT64);
        }, s(7, 13), s(7, 13)));
        cases.add(c("clamp lerp xlogy nanToNum", x -> x[0].clamp(x[1], x[1].add(1.0)).add(x[0].lerp(x[1], x[2]))
                .add(x[0].abs().xlogy(x[2].abs().add(0.1))).add(x[0].reciprocal().nanToNum()), s(7, 13), s(13), s(7, 1)));
        cases.add(valuesOnly("one hot nonzero", x -> x[0].gt(0).nonzero().sum().to(DType.FLOAT64), s(7, 13)));
        for (int n : Conformance.AWKWARD_SIZES) {   // more math
            cases.add(c("exp2 expm1 sinh cosh " + n, x -> x[0].exp2().add(x[0].expm1()).add(x[0].sinh()).add(x[0].cosh()), s(n)));
            cases.add(positive("log2 log10 " + n, x -> x[0].log2().add(x[0].log10()), s(n)));
            cases.add(c("tan atan " + n, x -> x[0].mul(0.7).tan().add(x[0].atan()), s(n)));
            cases.add(c("asin acos logit " + n, x -> x[0].mul(0.45).asin().add(x[0].mul(0.45).acos())
                    .add(x[0].mul(0.2).add(0.5).logit()).add(x[0].mul(0.3).add(0.5).logit(0.2)), s(n)));
            cases.add(c("atan2 hypot " + n, x -> x[0].atan2(x[1]).add(x[0].hypot(x[1])), s(3, n), s(n)));
        }
        return cases;
    }

    /** Also what a report shows as skipped where there is no GPU (a skipped factory counts as no test at all). */
    @Test
    void theDeviceDescribesItself() {
        Assumptions.assumeTrue(Backends.available(CUDA), "no CUDA device here: CUDA conformance skipped");
        String d = Cuda.describe(CUDA);
        assertTrue(d.startsWith("cuda:0 (") && d.contains(", sm_") && d.contains(" MiB)"), d);
        Tensor a = Tensor.randn(512, 512).to(CUDA);
        float ms = Cuda.time(CUDA, () -> a.matmul(a).close());
        assertTrue(ms > 0 && ms < 10_000, "a 512x512 matmul took " + ms + " ms by CUDA events");
    }

    /**
     * A seed draws the same numbers on both devices in every float type: uniform bit for bit (the half types round
     * float32's draw once on both), normal within the dtype's tolerance (CUDA's log and cos against Java's).
     */
    @Test
    void aSeedDrawsTheSameNumbersOnBothDevices() {
        Assumptions.assumeTrue(Backends.available(CUDA), "no CUDA device here: CUDA conformance skipped");
        for (DType dtype : Conformance.FLOAT_TYPES) {
            String what = "seed " + SEED + " " + dtype;
            Tensor cpuUniform = new Generator(SEED).rand(Device.CPU, dtype, 7, 1025);
            Tensor gpuUniform = new Generator(SEED).rand(CUDA, dtype, 7, 1025);
            assertArrayEquals(cpuUniform.toDoubleArray(), gpuUniform.to(Device.CPU).toDoubleArray(), "rand " + what);
            Tensor cpuNormal = new Generator(SEED).randn(Device.CPU, dtype, 7, 1025);
            Tensor gpuNormal = new Generator(SEED).randn(CUDA, dtype, 7, 1025);
            Conformance.assertClose("randn " + what, cpuNormal.toDoubleArray(), gpuNormal.to(Device.CPU), 1);
        }
    }

    @TestFactory
    List<DynamicTest> cudaAgreesWithCpu() {
        Assumptions.assumeTrue(Backends.available(CUDA), "no CUDA device here: CUDA conformance skipped");
        List<DynamicTest> tests = new ArrayList<>();
        for (Case k : cases()) {
            for (DType dtype : Conformance.FLOAT_TYPES) {
                tests.add(dynamicTest(k.name + " " + dtype, () -> check(k, dtype)));
            }
        }
        return tests;
    }

    private static void check(Case k, DType dtype) {
        long seed = SEED ^ k.name.hashCode() ^ dtype.ordinal();
        String what = k.name + " " + dtype + " (seed " + seed + ")";
        Random r = new Random(seed);
        Tensor[] cpuIn = new Tensor[k.shapes.length];
        Tensor[] gpuIn = new Tensor[k.shapes.length];
        for (int i = 0; i < k.shapes.length; i++) {
            double[] v = new double[Conformance.numel(k.shapes[i])];
            for (int j = 0; j < v.length; j++) v[j] = k.lo + (k.hi - k.lo) * r.nextDouble();
            cpuIn[i] = Tensor.of(v, k.shapes[i]).to(Device.CPU).to(dtype).requiresGrad(k.grad);
            gpuIn[i] = cpuIn[i].detach().to(CUDA).requiresGrad(k.grad);
        }
        Tensor cpuOut = k.f.apply(cpuIn);
        Tensor gpuOut = k.f.apply(gpuIn);
        Conformance.assertShape(cpuOut.shape(), gpuOut);
        if (!gpuOut.device().equals(CUDA)) throw new AssertionError(what + ": result left the GPU for " + gpuOut.device());
        int reduction = k.reduction > 0 ? k.reduction
                : Arrays.stream(k.shapes).mapToInt(sh -> sh[sh.length - 1]).max().orElse(1);
        Conformance.assertClose(what, cpuOut.toDoubleArray(), gpuOut.to(Device.CPU), reduction);
        if (!k.grad) return;
        double[] w = new double[Math.toIntExact(cpuOut.numel())];
        for (int j = 0; j < w.length; j++) w[j] = r.nextDouble() - 0.5;
        cpuOut.backward(Tensor.of(w, cpuOut.shape()).to(Device.CPU).to(dtype));
        gpuOut.backward(Tensor.of(w, cpuOut.shape()).to(dtype).to(CUDA));
        for (int i = 0; i < cpuIn.length; i++) {
            Tensor g = gpuIn[i].grad();
            if (g == null) throw new AssertionError(what + ": no gradient for input " + i + " on CUDA");
            Conformance.assertClose(what + " gradient of input " + i, cpuIn[i].grad().toDoubleArray(), g.to(Device.CPU),
                    reduction * 4);
        }
    }
}

package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.Backends;
import dev.ember.backend.BinaryOp;
import dev.ember.backend.ConvGeometry;
import dev.ember.backend.Distribution;
import dev.ember.backend.Layout;
import dev.ember.backend.PoolGeometry;
import dev.ember.backend.ReduceOp;
import dev.ember.backend.ScanOp;
import dev.ember.backend.ScatterMode;
import dev.ember.backend.Storage;
import dev.ember.backend.UnaryOp;
import dev.ember.cuda.kernels.KernelImage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every (op, dtype) the CPU backend runs has a CUDA kernel or library call. The CPU backend is asked, not a list:
 * each pair is tried on it with tiny inputs, and for each pair it accepts, the name {@link KernelNames} gives the
 * CUDA backend launches for it must be in the compiled kernel index (or, for matmul and convolution, cuBLAS/cuDNN
 * must take the dtype it runs in). Pairs without a kernel of their own run in a wider type ({@link ComputeTypes}),
 * as on the CPU. Runs without a GPU.
 */
class KernelCoverageTest {
    private final Backend cpu = Backends.of(Device.CPU);
    private final Set<String> compiled = KernelImage.names();
    private final List<String> missing = new ArrayList<>();
    private int checked;

    @Test
    void everyPairTheCpuRunsHasACudaKernel() {
        Layout l = Layout.contiguous(2, 3);
        for (DType t : CudaBackend.COPY_DTYPES) {   // the half types' casts and fill too
            for (DType to : CudaBackend.COPY_DTYPES) {
                require(() -> cpu.copy(st(t, 6), l, st(to, 6), l), KernelNames.copy(t, to));
            }
            require(() -> cpu.fill(st(t, 6), l, 1.5), KernelNames.fill(t));
        }
        for (DType t : CudaBackend.DTYPES) {   // the half types too (issue 18)
            int before = checked;
            requireElementwise(t, l);
            assertTrue(!t.isFloating() || checked - before == UnaryOp.values().length + BinaryOp.values().length + 2,
                    "the CPU ran only " + (checked - before) + " elementwise ops on " + t);
            requireReductions(t, l);
            for (ScanOp op : ScanOp.values()) {
                require(() -> cpu.scan(op, st(t, 6), l, 1, st(t, 6), l, op.hasIndices() ? st(DType.INT64, 6) : null),
                        KernelNames.scan(op, t));
            }
            require(() -> cpu.softmax(st(t, 6), 2, 3, false, st(t, 6)), KernelNames.softmax(t));
            require(() -> cpu.sort(st(t, 6), l, 1, false, st(t, 6), st(DType.INT64, 6)), KernelNames.sort(t));
            Layout idx = Layout.contiguous(2, 2);
            require(() -> cpu.gather(st(t, 6), l, 1, st(DType.INT64, 4), idx, st(t, 4), idx), KernelNames.gather(t));
            for (ScatterMode mode : ScatterMode.values()) {   // the half types add in float32
                DType adds = mode == ScatterMode.ADD ? ComputeTypes.scatterAdd(t) : t;
                require(() -> cpu.scatter(mode, st(t, 6), l, 1, st(DType.INT64, 4), idx, st(t, 4), idx),
                        KernelNames.scatter(mode, adds), KernelNames.copy(t, adds), KernelNames.copy(adds, t));
            }
            for (Distribution d : Distribution.values()) {
                require(() -> cpu.random(d, 7, 0, st(t, 6), 6), KernelNames.random(d, t));
            }
            int[] x = {1, 1, 4, 4};
            int[] y = {1, 1, 2, 2};
            PoolGeometry pool = new PoolGeometry(2, 2, 2, 2, 0, 0);
            require(() -> cpu.maxPool2d(st(t, 16), x, pool, st(t, 4), st(DType.INT64, 4), y), KernelNames.maxPool2d(ComputeTypes.floating(t)));
            require(() -> cpu.avgPool2d(st(t, 16), x, pool, st(t, 4), y), KernelNames.avgPool2d(ComputeTypes.floating(t)));
            require(() -> cpu.avgPool2dBackward(st(t, 4), y, pool, st(t, 16), x), KernelNames.avgPool2dBackward(ComputeTypes.floating(t)));
            Layout m = Layout.contiguous(1, 2, 2);
            requireLibrary(() -> cpu.matmul(st(t, 4), m, st(t, 4), m, st(t, 4), m, false), "matmul", t,
                    CublasMatmul.supports(ComputeTypes.floating(t)));
            ConvGeometry g = new ConvGeometry(1, 1, 0, 0, 1, 1, 1);
            int[] w = {1, 1, 3, 3};
            requireLibrary(() -> cpu.conv2d(st(t, 16), x, st(t, 9), w, g, st(t, 4), y), "conv2d", t,
                    CudnnConvolution.supports(ComputeTypes.floating(t)));
            if (HalfCoverage.HALVES.contains(t)) {   // half batch norm: the float32 composite, between casts
                require(() -> cpu.batchNorm(st(t, 16), 2, 2, 4, st(t, 2), st(t, 2), 1e-5, st(t, 16), st(t, 2), st(t, 2)),
                        KernelNames.copy(t, DType.FLOAT32), KernelNames.copy(DType.FLOAT32, t),
                        KernelNames.reduce(ReduceOp.SUM, DType.FLOAT32), KernelNames.binary(BinaryOp.SUB, DType.FLOAT32),
                        KernelNames.unary(UnaryOp.RSQRT, DType.FLOAT32));
            }
        }
        assertTrue(checked > 100, "the CPU backend accepted only " + checked + " pairs: the probe is broken");
        assertTrue(missing.isEmpty(), "the CPU backend runs these, the CUDA backend has no kernel for them: " + missing);
    }

    private Storage st(DType t, int n) { return cpu.allocate(t, n); }

    /** The six reductions of {@code t}, their one-pass and two-pass kernels. */
    private void requireReductions(DType t, Layout l) {
        for (ReduceOp op : ReduceOp.values()) {
            DType out = switch (op) {
                case SUM, PROD -> t.isFloating() ? t : DType.INT64;
                case MAX, MIN -> t;
                case ARGMAX, ARGMIN -> DType.INT64;
            };
            require(() -> cpu.reduce(op, st(t, 6), l, new int[] {1}, st(out, 2), Layout.contiguous(2, 1)),
                    KernelNames.reduce(op, t), KernelNames.reducePartials(op, t), KernelNames.reduceCombine(op, t));
        }
    }

    /** Unary, binary, where and addcmul on {@code t}. */
    private void requireElementwise(DType t, Layout l) {
        for (UnaryOp op : UnaryOp.values()) {
            DType out = op == UnaryOp.LOGICAL_NOT ? DType.BOOL : t;
            require(() -> cpu.unary(op, 0.5, st(t, 6), l, st(out, 6), l), KernelNames.unary(op, ComputeTypes.unary(op, t)));
        }
        for (BinaryOp op : BinaryOp.values()) {
            DType out = op.returnsBool() ? DType.BOOL : t;
            require(() -> cpu.binary(op, st(t, 6), l, st(t, 6), l, st(out, 6), l), KernelNames.binary(op, t));
        }
        require(() -> cpu.where(st(DType.BOOL, 6), l, st(t, 6), l, st(t, 6), l, st(t, 6), l), KernelNames.where(t));
        require(() -> cpu.addcmul(st(t, 6), l, st(t, 6), l, st(t, 6), l, 0.5, st(t, 6), l), KernelNames.addcmul(ComputeTypes.floating(t)));
    }

    /** The CUDA backend may launch any of {@code kernels} for what {@code onCpu} runs (one pass or two). */
    private void require(Runnable onCpu, String... kernels) {
        if (!runs(onCpu)) return;
        checked++;
        for (String kernel : kernels) if (!compiled.contains(kernel)) missing.add(kernel);
    }

    private void requireLibrary(Runnable onCpu, String op, DType t, boolean supported) {
        if (!runs(onCpu)) return;
        checked++;
        if (!supported) missing.add(op + " " + t);
    }

    private static boolean runs(Runnable r) {
        try {
            r.run();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void theIndexHasNoKernelTheBackendCannotName() {
        Set<String> nameable = new TreeSet<>();
        for (DType t : CudaBackend.COPY_DTYPES) {
            for (DType to : CudaBackend.COPY_DTYPES) nameable.add(KernelNames.copy(t, to));
            nameable.add(KernelNames.fill(t));
            for (UnaryOp op : UnaryOp.values()) nameable.add(KernelNames.unary(op, t));
            for (BinaryOp op : BinaryOp.values()) nameable.add(KernelNames.binary(op, t));
            nameable.addAll(List.of(KernelNames.where(t), KernelNames.addcmul(t), KernelNames.softmax(t),
                    KernelNames.gather(t), KernelNames.sort(t), KernelNames.scatter(ScatterMode.REPLACE, t), KernelNames.maxPool2d(t),
                    KernelNames.avgPool2d(t), KernelNames.avgPool2dBackward(t)));
            for (ReduceOp op : ReduceOp.values()) {
                nameable.addAll(List.of(KernelNames.reduce(op, t), KernelNames.reducePartials(op, t),
                        KernelNames.reduceCombine(op, t)));
            }
        }
        for (DType t : CudaBackend.DTYPES) {
            for (UnaryOp op : UnaryOp.values()) nameable.add(KernelNames.unary(op, t));
            for (BinaryOp op : BinaryOp.values()) nameable.add(KernelNames.binary(op, t));
            for (ReduceOp op : ReduceOp.values()) {
                nameable.addAll(List.of(KernelNames.reduce(op, t), KernelNames.reducePartials(op, t),
                        KernelNames.reduceCombine(op, t)));
            }
            for (ScatterMode mode : ScatterMode.values()) nameable.add(KernelNames.scatter(mode, t));
            for (ScanOp op : ScanOp.values()) nameable.add(KernelNames.scan(op, t));
            for (Distribution d : Distribution.values()) nameable.add(KernelNames.random(d, t));
            nameable.addAll(List.of(KernelNames.where(t), KernelNames.addcmul(t), KernelNames.softmax(t),
                    KernelNames.sort(t), KernelNames.gather(t), KernelNames.maxPool2d(t), KernelNames.avgPool2d(t),
                    KernelNames.avgPool2dBackward(t)));
        }
        Set<String> orphans = new TreeSet<>(compiled);
        orphans.removeAll(nameable);
        assertTrue(orphans.isEmpty(), "compiled kernels no backend call can reach (a name out of step with KernelNames?): " + orphans);
    }
}

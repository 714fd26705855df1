package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.backend.BinaryOp;
import dev.ember.backend.Distribution;
import dev.ember.backend.Layout;
import dev.ember.backend.PoolGeometry;
import dev.ember.backend.ReduceOp;
import dev.ember.backend.ScanOp;
import dev.ember.backend.ScatterMode;
import dev.ember.backend.UnaryOp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kernel launch the CUDA backend makes, checked without a GPU: the backend runs on a fake device (addresses
 * from a fake allocator, launches recorded instead of queued), and each launch's argument types must be the
 * kernel's compiled parameter list ({@code kernels.params}), in order.
 */
class LaunchArgumentsTest {
    private final List<String> failures = new ArrayList<>();
    private final Set<String> launched = new TreeSet<>();
    private final List<Launch> launches = new ArrayList<>();

    private record Launch(String name, long items, Object[] args) {}

    private final DeviceQueue recorder = new DeviceQueue() {
        @Override
        public void launch(String name, long work, Object... args) { record(name, work, args); }

        @Override
        public void launchPerBlock(String name, long items, Object... args) { record(name, items, args); }

        @Override
        public void copy(long dst, long src, long bytes) {}

        @Override
        public void zero(long address, long bytes) {}
    };

    private void record(String name, long items, Object[] args) {
        launched.add(name);
        launches.add(new Launch(name, items, args));
        try {
            LaunchArguments.check(name, args);
        } catch (IllegalStateException e) {
            failures.add(e.getMessage());
        }
    }

    private final CudaMemory memory = new CudaMemory(new CachingAllocator(new FakeDeviceMemory(1L << 40)), 0);
    private final CudaBackend backend = new CudaBackend(Device.cuda(0), null, memory, recorder, null, null, null);

    private CudaStorage st(DType t, int n) { return backend.uninitialized(t, n); }

    @Test
    void everyLaunchMatchesItsKernelsParameters() {
        Layout l = Layout.contiguous(2, 3);
        Layout strided = new Layout(new int[] {2, 3}, new int[] {1, 2}, 1);
        for (DType t : CudaBackend.DTYPES) {
            for (DType to : CudaBackend.DTYPES) backend.copy(st(t, 8), strided, st(to, 6), l);
            backend.fill(st(t, 6), l, 2.5);
            for (UnaryOp op : UnaryOp.values()) {
                if (!t.isFloating() && op.needsFloat()) continue;
                backend.unary(op, 0.1, st(t, 6), l, st(op == UnaryOp.LOGICAL_NOT ? DType.BOOL : t, 6), l);
            }
            for (BinaryOp op : BinaryOp.values()) {
                if (!t.isFloating() && op.needsFloat()) continue;
                backend.binary(op, st(t, 6), l, st(t, 6), strided, st(op.returnsBool() ? DType.BOOL : t, 6), l);
            }
            backend.where(st(DType.BOOL, 6), l, st(t, 6), l, st(t, 6), l, st(t, 6), l);
            backend.addcmul(st(t, 6), l, st(t, 6), l, st(t, 6), l, 0.5, st(t, 6), l);
            for (ReduceOp op : ReduceOp.values()) {
                DType out = switch (op) {
                    case SUM, PROD -> t.isFloating() ? t : DType.INT64;
                    case MAX, MIN -> t;
                    case ARGMAX, ARGMIN -> DType.INT64;
                };
                backend.reduce(op, st(t, 6), l, new int[] {1}, st(out, 2), Layout.contiguous(2, 1));
                // Few outputs of many elements: two passes (ReductionSplit), into a contiguous and an offset output.
                backend.reduce(op, st(t, 3 * 8192), Layout.contiguous(3, 8192), new int[] {1}, st(out, 3),
                        Layout.contiguous(3, 1));
                backend.reduce(op, st(t, 9000), new Layout(new int[] {9000, 1}, new int[] {1, 1}, 0), new int[] {0, 1},
                        st(out, 4), new Layout(new int[] {1, 1}, new int[] {1, 1}, 3));
            }
            for (ScanOp op : ScanOp.values()) {
                if (!op.accepts(t)) continue;
                // along dim 0 of a transposed view and along the last dim of a rank-3 tensor
                backend.scan(op, st(t, 8), strided, 0, st(t, 6), l, op.hasIndices() ? st(DType.INT64, 6) : null);
                Layout cube = Layout.contiguous(2, 3, 4);
                backend.scan(op, st(t, 24), cube, 2, st(t, 24), cube, op.hasIndices() ? st(DType.INT64, 24) : null);
            }
            Layout idx = Layout.contiguous(2, 2);
            backend.gather(st(t, 6), l, 1, st(DType.INT64, 4), idx, st(t, 4), idx);
            backend.sort(st(t, 8), strided, 0, true, st(t, 6), st(DType.INT64, 6));
            backend.sort(st(t, 3), Layout.contiguous(3), 0, false, st(t, 3), st(DType.INT64, 3));
            for (ScatterMode mode : ScatterMode.values()) {
                backend.scatter(mode, st(t, 6), l, 1, st(DType.INT64, 4), idx, st(t, 4), idx);
            }
            int[] x = {1, 2, 4, 4};
            int[] y = {1, 2, 2, 2};
            PoolGeometry pool = new PoolGeometry(2, 2, 2, 2, 0, 0);
            backend.maxPool2d(st(t, 32), x, pool, st(t, 8), st(DType.INT64, 8), y);
            backend.avgPool2d(st(t, 32), x, pool, st(t, 8), y);
            backend.avgPool2dBackward(st(t, 8), y, pool, st(t, 32), x);
            if (t.isFloating()) {
                backend.softmax(st(t, 6), 2, 3, true, st(t, 6));
                for (Distribution d : Distribution.values()) backend.random(d, -7, 3, st(t, 6), 6);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " launches do not match their kernels:\n" + String.join("\n", failures));
        assertTrue(launched.size() > 150, "only " + launched.size() + " kernels launched: " + launched);
        for (DType t : CudaBackend.DTYPES) {   // the half types' scans, random fills and float32 scatter add too
            for (ScanOp op : ScanOp.values()) {
                if (op.accepts(t)) assertTrue(launched.contains(KernelNames.scan(op, t)), KernelNames.scan(op, t) + " never launched");
            }
            for (Distribution d : Distribution.values()) {
                if (t.isFloating()) assertTrue(launched.contains(KernelNames.random(d, t)), KernelNames.random(d, t) + " never launched");
            }
            for (ScatterMode mode : ScatterMode.values()) {
                String k = KernelNames.scatter(mode, mode == ScatterMode.ADD ? ComputeTypes.scatterAdd(t) : t);
                assertTrue(launched.contains(k), k + " never launched");
            }
            for (ReduceOp op : ReduceOp.values()) {
                for (String k : List.of(KernelNames.reduce(op, t), KernelNames.reducePartials(op, t), KernelNames.reduceCombine(op, t))) {
                    assertTrue(launched.contains(k), k + " never launched");
                }
            }
        }
    }

    @Test
    void aFullReductionRunsOnePartPerBlockThenCombinesThePartialsFromScratch() {
        CudaStorage x = st(DType.FLOAT32, 1 << 20), out = st(DType.FLOAT32, 1), idx = st(DType.INT64, 1);
        long allocated = memory.allocator.stats().allocatedBytes();

        backend.reduce(ReduceOp.SUM, x, Layout.contiguous(1 << 20), new int[] {0}, out, Layout.contiguous());
        backend.reduce(ReduceOp.ARGMAX, x, Layout.contiguous(1 << 20), new int[] {0}, idx, Layout.contiguous());

        assertEquals(List.of("sum_partials_f32", "sum_combine_f32", "argmax_partials_f32", "argmax_combine_f32"),
                launches.stream().map(Launch::name).toList());
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        Launch sumParts = launches.get(0), sumCombine = launches.get(1);
        assertEquals(256, sumParts.items());   // ReductionSplit.of(1, 2^20): 256 parts of 4096
        assertEquals(List.of(1, 1 << 20, 256, 4096), List.of(sumParts.args()).subList(4, 8));
        assertEquals(1, sumCombine.items());
        assertEquals(sumParts.args()[3], sumCombine.args()[0], "the combine reads the partials the first pass wrote");
        assertEquals(out.arg(), sumCombine.args()[1]);
        assertEquals(List.of(1, 256), List.of(sumCombine.args()).subList(2, 4));
        Launch argParts = launches.get(2), argCombine = launches.get(3);
        assertEquals(List.of(argParts.args()[3], argParts.args()[4]), List.of(argCombine.args()[0], argCombine.args()[1]));
        assertEquals(idx.arg(), argCombine.args()[2]);
        assertEquals(allocated, memory.allocator.stats().allocatedBytes(), "the partials go back to the allocator");
    }

    @Test
    void manyOutputsKeepOneBlockPerOutputInOnePass() {
        backend.reduce(ReduceOp.SUM, st(DType.FLOAT64, 1024 * 8192), Layout.contiguous(1024, 8192), new int[] {1},
                st(DType.FLOAT64, 1024), Layout.contiguous(1024, 1));
        backend.reduce(ReduceOp.MAX, st(DType.FLOAT64, 8191), Layout.contiguous(8191), new int[] {0},
                st(DType.FLOAT64, 1), Layout.contiguous());

        assertEquals(List.of("sum_f64", "max_f64"), launches.stream().map(Launch::name).toList());
        assertEquals(List.of(1024L, 1L), launches.stream().map(Launch::items).toList());
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void aScanRunsOneThreadPerRowWithTheRowsFromTheKeptDims() {
        // cummax along dim 0 of a transposed [2, 3] at offset 1 (strides 1, 2) into a contiguous [2, 3]
        CudaStorage x = st(DType.FLOAT32, 8), out = st(DType.FLOAT32, 6), idx = st(DType.INT64, 6);
        backend.scan(ScanOp.CUMMAX, x, new Layout(new int[] {2, 3}, new int[] {1, 2}, 1), 0, out, Layout.contiguous(2, 3), idx);
        // and cumsum along the middle dim of a [4, 5, 6]: rows are the 24 (outer, inner) pairs, not mergeable
        backend.scan(ScanOp.CUMSUM, st(DType.FLOAT64, 120), Layout.contiguous(4, 5, 6), 1, st(DType.FLOAT64, 120),
                Layout.contiguous(4, 5, 6), null);

        assertTrue(failures.isEmpty(), String.join("\n", failures));
        Launch max = launches.get(0);
        assertEquals("cummax_f32", max.name());
        assertEquals(3, max.items());
        int[] xRows = (int[]) max.args()[0], outRows = (int[]) max.args()[3];
        assertEquals(List.of(1, 1, 3, 2), List.of(xRows[0], xRows[1], xRows[2], xRows[2 + StridedArgs.MAX_RANK]));
        assertEquals(List.of(1, 0, 3, 1), List.of(outRows[0], outRows[1], outRows[2], outRows[2 + StridedArgs.MAX_RANK]));
        assertEquals(List.of(x.arg(), 1), List.of(max.args()[1], max.args()[2]));
        assertEquals(List.of(out.arg(), idx.arg(), 3, 2, 3), List.of(max.args()).subList(4, 9));
        Launch sum = launches.get(1);
        assertEquals("cumsum_f64", sum.name());
        assertEquals(24, sum.items());
        int[] sumRows = (int[]) sum.args()[0];
        assertEquals(List.of(2, 4, 6, 30, 1), List.of(sumRows[0], sumRows[2], sumRows[3], sumRows[2 + StridedArgs.MAX_RANK],
                sumRows[3 + StridedArgs.MAX_RANK]));
        assertEquals(List.of(6, 6, 5, 24), List.of(sum.args()[2], sum.args()[5], sum.args()[6], sum.args()[7]));
    }

    @Test
    void aSortRunsOneThreadPerLineWithItsOwnScratchRow() {
        // x [2, 3, 4] read through a permuted layout, sorted along dim 1: 8 lines of 3
        Layout x = new Layout(new int[] {2, 3, 4}, new int[] {1, 8, 2}, 5);
        CudaStorage in = st(DType.FLOAT32, 40), values = st(DType.FLOAT32, 24), indices = st(DType.INT64, 24);
        CudaStorage none = st(DType.FLOAT32, 0), noIndices = st(DType.INT64, 0);
        long allocated = memory.allocator.stats().allocatedBytes();
        backend.sort(in, x, 1, true, values, indices);
        backend.sort(in, Layout.contiguous(0, 4), 1, false, none, noIndices);

        assertEquals(1, launches.size(), "an empty sort launches nothing");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        Launch sort = launches.getFirst();
        assertEquals("sort_f32", sort.name());
        assertEquals(8, sort.items());
        assertArrayEquals(StridedArgs.exact(new Layout(new int[] {2, 4}, new int[] {1, 2}, 5)), (int[]) sort.args()[0]);
        assertEquals(8, sort.args()[2], "x's stride along the sorted dim");
        assertArrayEquals(StridedArgs.exact(new Layout(new int[] {2, 4}, new int[] {12, 1}, 0)), (int[]) sort.args()[3]);
        assertEquals(4, sort.args()[4], "the outputs' stride along the sorted dim");
        assertEquals(List.of(values.arg(), indices.arg()), List.of(sort.args()).subList(5, 7));
        assertNotEquals(values.arg(), sort.args()[7]);
        assertEquals(List.of(8, 3, 1), List.of(sort.args()).subList(9, 12));
        assertEquals(allocated, memory.allocator.stats().allocatedBytes(), "the scratch goes back to the allocator");
    }

    @Test
    void aWrongArgumentListIsCaughtBeforeLaunch() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LaunchArguments.check("sum_f32", new int[StridedArgs.INTS], new KernelArgs.Address(8),
                        new int[StridedArgs.INTS], new KernelArgs.Address(16), 2, 3));
        assertEquals("kernel sum_f32 takes (b8[72], b8[72], u64, u64, u32, u32) but the launch passes "
                + "(b8[72], u64, b8[72], u64, u32, u32)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> LaunchArguments.check("no_such_kernel"));
    }

    @Test
    void halfCastsFillsAndElementwiseOpsMatchTheirKernelsParameters() {
        Layout l = Layout.contiguous(2, 3);
        Layout strided = new Layout(new int[] {2, 3}, new int[] {1, 2}, 1);
        for (DType half : HalfCoverage.HALVES) {
            for (DType other : CudaBackend.COPY_DTYPES) {
                backend.copy(st(half, 8), strided, st(other, 6), l);
                backend.copy(st(other, 8), strided, st(half, 6), l);
            }
            backend.fill(st(half, 6), strided, 2.5);
            for (UnaryOp op : UnaryOp.values()) {
                backend.unary(op, 0.1, st(half, 8), strided, st(op == UnaryOp.LOGICAL_NOT ? DType.BOOL : half, 6), l);
            }
            for (BinaryOp op : BinaryOp.values()) {
                backend.binary(op, st(half, 6), l, st(half, 8), strided, st(op.returnsBool() ? DType.BOOL : half, 6), l);
            }
            backend.where(st(DType.BOOL, 6), l, st(half, 6), l, st(half, 8), strided, st(half, 6), l);
            backend.addcmul(st(half, 6), l, st(half, 8), strided, st(half, 6), l, 0.5, st(half, 6), l);
            for (ReduceOp op : ReduceOp.values()) {
                DType out = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN ? DType.INT64 : half;
                backend.reduce(op, st(half, 8), strided, new int[] {1}, st(out, 2), Layout.contiguous(2, 1));
                backend.reduce(op, st(half, 3 * 8192), Layout.contiguous(3, 8192), new int[] {1}, st(out, 3),
                        Layout.contiguous(3, 1));   // two passes
            }
            backend.softmax(st(half, 6), 2, 3, false, st(half, 6));
            backend.softmax(st(half, 6), 2, 3, true, st(half, 6));
            Layout idx = Layout.contiguous(2, 2);
            backend.gather(st(half, 8), strided, 1, st(DType.INT64, 4), idx, st(half, 4), idx);
            backend.scatter(ScatterMode.REPLACE, st(half, 8), strided, 1, st(DType.INT64, 4), idx, st(half, 4), idx);
            backend.sort(st(half, 8), strided, 0, true, st(half, 6), st(DType.INT64, 6));
            int[] x = {1, 2, 4, 4}, y = {1, 2, 2, 2};
            PoolGeometry pool = new PoolGeometry(2, 2, 2, 2, 0, 0);
            backend.maxPool2d(st(half, 32), x, pool, st(half, 8), st(DType.INT64, 8), y);
            backend.avgPool2d(st(half, 32), x, pool, st(half, 8), y);
            backend.avgPool2dBackward(st(half, 8), y, pool, st(half, 32), x);
        }
        assertTrue(failures.isEmpty(), failures.size() + " launches do not match their kernels:\n" + String.join("\n", failures));
        for (DType half : HalfCoverage.HALVES) {
            assertTrue(launched.contains(KernelNames.fill(half)), KernelNames.fill(half) + " never launched");
            for (DType other : CudaBackend.COPY_DTYPES) {
                for (String k : List.of(KernelNames.copy(half, other), KernelNames.copy(other, half))) {
                    assertTrue(launched.contains(k), k + " never launched");
                }
            }
            for (UnaryOp op : UnaryOp.values()) assertTrue(launched.contains(KernelNames.unary(op, half)), op + " " + half);
            for (BinaryOp op : BinaryOp.values()) assertTrue(launched.contains(KernelNames.binary(op, half)), op + " " + half);
            assertTrue(launched.contains(KernelNames.where(half)) && launched.contains(KernelNames.addcmul(half)));
            assertTrue(launched.contains(KernelNames.softmax(half)), KernelNames.softmax(half) + " never launched");
            assertTrue(launched.contains(KernelNames.gather(half))
                    && launched.contains(KernelNames.scatter(ScatterMode.REPLACE, half)), "gather / scatter " + half);
            for (String k : List.of(KernelNames.sort(half), KernelNames.maxPool2d(half), KernelNames.avgPool2d(half),
                    KernelNames.avgPool2dBackward(half))) {
                assertTrue(launched.contains(k), k + " never launched");
            }
            for (ReduceOp op : ReduceOp.values()) {
                for (String k : List.of(KernelNames.reduce(op, half), KernelNames.reducePartials(op, half),
                        KernelNames.reduceCombine(op, half))) {
                    assertTrue(launched.contains(k), k + " never launched");
                }
            }
        }
    }

    /**
     * Half batch norm runs the float32 composite, as the CPU runs it in float32: the operands are cast to float32 once,
     * every arithmetic launch is a float32 kernel, and each result is rounded back once; the scratch goes back.
     */
    @Test
    void halfBatchNormComputesInFloat32AndRoundsEachResultOnce() {
        int n = 2, c = 3, inner = 4, size = n * c * inner;
        for (DType half : HalfCoverage.HALVES) {
            CudaStorage x = st(half, size), dy = st(half, size), out = st(half, size), dx = st(half, size);
            CudaStorage w = st(half, c), b = st(half, c), mean = st(half, c), var = st(half, c), dw = st(half, c),
                    db = st(half, c);
            launches.clear();
            long allocated = memory.allocator.stats().allocatedBytes();
            backend.batchNorm(x, n, c, inner, w, b, 1e-5, out, mean, var);
            backend.batchNormBackward(dy, x, n, c, inner, mean, var, w, 1e-5, dx, dw, db);
            String toFloat = KernelNames.copy(half, DType.FLOAT32), back = KernelNames.copy(DType.FLOAT32, half);
            List<String> names = launches.stream().map(Launch::name).toList();
            // forward: x, weight, bias in; out, mean, var back. backward: dy, x, mean, var, weight in; dx, dw, db back
            assertEquals(3 + 5, names.stream().filter(toFloat::equals).count(), names.toString());
            assertEquals(3 + 3, names.stream().filter(back::equals).count(), names.toString());
            for (String name : names) {
                if (!name.equals(toFloat) && !name.equals(back)) {
                    assertTrue(name.endsWith("_" + KernelNames.suffix(DType.FLOAT32)), name + " is not a float32 kernel");
                }
            }
            assertTrue(names.contains(KernelNames.reduce(ReduceOp.SUM, DType.FLOAT32))
                    && names.contains(KernelNames.unary(UnaryOp.RSQRT, DType.FLOAT32)), names.toString());
            assertEquals(allocated, memory.allocator.stats().allocatedBytes(), "the float32 scratch goes back");
        }
        assertTrue(failures.isEmpty(), failures.size() + " launches do not match their kernels:\n" + String.join("\n", failures));
    }

    @Test
    void aHalfScatterAddAddsInAFloat32CopyOfDstAndRoundsOnce() {
        // src [2, 3] read transposed from a [3, 2] at offset 1, added along dim 1 into a stepped [2, 2] view of dst
        Layout dstLayout = new Layout(new int[] {2, 2}, new int[] {4, 2}, 1), index = Layout.contiguous(2, 3);
        Layout srcLayout = new Layout(new int[] {2, 3}, new int[] {1, 2}, 1);
        for (DType half : HalfCoverage.HALVES) {
            launches.clear();
            CudaStorage dst = st(half, 8), src = st(half, 7), idx = st(DType.INT64, 6);
            long allocated = memory.allocator.stats().allocatedBytes();
            backend.scatter(ScatterMode.ADD, dst, dstLayout, 1, idx, index, src, srcLayout);

            assertTrue(failures.isEmpty(), String.join("\n", failures));
            String f32 = KernelNames.suffix(DType.FLOAT32), h = KernelNames.suffix(half);
            assertEquals(List.of("copy_" + h + "_" + f32, "copy_" + h + "_" + f32, "scatter_add_" + f32,
                    "copy_" + f32 + "_" + h), launches.stream().map(Launch::name).toList());
            Launch widenDst = launches.get(0), widenSrc = launches.get(1), add = launches.get(2), narrow = launches.get(3);
            assertEquals(dst.arg(), widenDst.args()[1]);
            assertArrayEquals(StridedArgs.pack(Layout.contiguous(2, 2), dstLayout)[1], (int[]) widenDst.args()[0]);
            assertEquals(src.arg(), widenSrc.args()[1]);
            assertEquals(List.of(widenDst.args()[3], 1, idx.arg(), widenSrc.args()[3], 6),
                    List.of(add.args()[1], add.args()[2], add.args()[4], add.args()[6], add.args()[7]),
                    "the add runs on the float32 copies");
            assertArrayEquals(StridedArgs.exact(Layout.contiguous(2, 2)), (int[]) add.args()[0]);
            assertArrayEquals(StridedArgs.exact(Layout.contiguous(2, 3)), (int[]) add.args()[5]);
            assertEquals(List.of(widenDst.args()[3], dst.arg()), List.of(narrow.args()[1], narrow.args()[3]),
                    "the sums are rounded once, into dst");
            assertArrayEquals(StridedArgs.pack(dstLayout, Layout.contiguous(2, 2))[0], (int[]) narrow.args()[2]);
            assertEquals(allocated, memory.allocator.stats().allocatedBytes(), "the float32 copies go back");
        }
        launches.clear();
        backend.scatter(ScatterMode.ADD, st(DType.FLOAT16, 4), Layout.contiguous(2, 2), 1, st(DType.INT64, 0),
                Layout.contiguous(2, 0), st(DType.FLOAT16, 0), Layout.contiguous(2, 0));
        assertTrue(launches.isEmpty(), "an empty index adds nothing: " + launched);
    }
}

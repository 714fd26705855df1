package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.backend.BinaryOp;
import dev.ember.backend.Layout;
import dev.ember.backend.ReduceOp;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sync mode and sticky faults without a GPU: the backend runs on a fake device (addresses from a fake allocator,
 * launches recorded), and the stream's synchronisation is a fake that returns the {@code CUresult} a test scripts.
 * The log shows what reached the device and when the stream was waited for.
 */
class SyncModeTest {
    private final List<String> log = new ArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();

    private final DeviceQueue recorder = new DeviceQueue() {
        @Override
        public void launch(String name, long work, Object... args) {
            LaunchArguments.check(name, args);
            log.add("launch " + name);
        }

        @Override
        public void launchPerBlock(String name, long items, Object... args) {
            LaunchArguments.check(name, args);
            log.add("launchPerBlock " + name);
        }

        @Override
        public void copy(long dst, long src, long bytes) { log.add("copy " + bytes); }

        @Override
        public void zero(long address, long bytes) { log.add("zero " + bytes); }
    };

    /** The fake cuStreamSynchronize: the next scripted status, success when none is left. */
    private int synchronize() {
        log.add("sync");
        return statuses.isEmpty() ? 0 : statuses.poll();
    }

    private final DeviceHealth health = new DeviceHealth("cuda:0", true);
    private final SyncMode sync = new SyncMode(true, health, this::synchronize);
    private final CudaMemory memory = new CudaMemory(new CachingAllocator(new FakeDeviceMemory(1L << 40)), 0);
    private final CudaBackend backend = new CudaBackend(Device.cuda(0), null, memory, sync.wrap(recorder), null, null,
            null);

    private CudaStorage st(DType t, int n) { return backend.uninitialized(t, n); }

    @Test
    void syncModeWaitsAfterEveryLaunchCopyFillAndLibraryCall() {
        Layout l = Layout.contiguous(2, 3);
        backend.zeros(DType.FLOAT32, 6);                                              // a zero fill
        backend.copy(st(DType.FLOAT32, 6), l, st(DType.FLOAT32, 6), l);                   // a device copy
        backend.binary(BinaryOp.ADD, st(DType.FLOAT32, 6), l, st(DType.FLOAT32, 6), l, st(DType.FLOAT32, 6), l);
        backend.reduce(ReduceOp.SUM, st(DType.FLOAT32, 6), l, new int[] {1}, st(DType.FLOAT32, 2),
                Layout.contiguous(2, 1));                                                  // a block per output
        sync.after(() -> "cublasSgemm_v2(...)");                                           // a library call
        assertEquals(List.of("zero 24", "sync", "copy 24", "sync", "launch add_f32", "sync", "launchPerBlock sum_f32",
                "sync", "sync"), log);
    }

    @Test
    void withoutSyncModeNothingWaits() {
        SyncMode off = new SyncMode(false, new DeviceHealth("cuda:0", false), () -> {
            throw new AssertionError("synchronised without sync mode");
        });
        assertSame(recorder, off.wrap(recorder), "without sync mode the kernel queue is not wrapped");
        off.after(() -> {
            throw new AssertionError("a call described without sync mode");
        });
        CudaBackend plain = new CudaBackend(Device.cuda(0), null, memory, off.wrap(recorder), null, null, null);
        Layout l = Layout.contiguous(6);
        plain.zeros(DType.FLOAT64, 6);
        plain.fill(st(DType.FLOAT64, 6), l, 1.5);
        assertEquals(List.of("zero 48", "launch fill_f64"), log);
    }

    @Test
    void aFaultNamesTheKernelItsGridAndItsArguments() {
        CudaStorage a = st(DType.FLOAT32, 1000);
        CudaStorage b = st(DType.FLOAT32, 1000);
        CudaStorage out = st(DType.FLOAT32, 1000);
        Layout sliced = new Layout(new int[] {10, 50}, new int[] {120, 2}, 7);
        statuses.add(CudaErrors.CUDA_ERROR_ILLEGAL_ADDRESS);
        CudaDeviceFaultException e = assertThrows(CudaDeviceFaultException.class,
                () -> backend.binary(BinaryOp.MUL, a, Layout.contiguous(10, 50), b, sliced, out,
                        Layout.contiguous(10, 50)));
        String kernel = "kernel mul_f32<<<2 blocks, 256 threads>>>("
                + "Strided(shape [10, 50], strides [50, 1], offset 0), " + hex(a) + ", "
                + "Strided(shape [10, 50], strides [120, 2], offset 7), " + hex(b) + ", "
                + "Strided(shape [10, 50], strides [50, 1], offset 0), " + hex(out) + ", 500) over 500 items";
        assertEquals(kernel + " failed: CUDA_ERROR_ILLEGAL_ADDRESS (700)", e.firstFault());
        assertEquals("cuda:0: " + kernel + " failed: CUDA_ERROR_ILLEGAL_ADDRESS (700). This error is sticky: cuda:0 "
                + "cannot run anything more in this process; restart it.", e.getMessage());
        assertEquals(700, e.status());
        assertEquals("cuda:0", e.device());
        assertEquals(List.of("launch mul_f32", "sync"), log);
    }

    @Test
    void afterAStickyFaultEveryCallThrowsTheFirstFaultAndNothingReachesTheDevice() {
        Layout l = Layout.contiguous(4);
        backend.fill(st(DType.INT64, 4), l, 3);
        statuses.add(CudaErrors.CUDA_ERROR_ILLEGAL_ADDRESS);
        CudaDeviceFaultException first = assertThrows(CudaDeviceFaultException.class,
                () -> backend.fill(st(DType.INT32, 4), l, 3));
        statuses.clear();                   // the real driver would go on failing; the first fault must suffice
        log.clear();

        Map<String, Runnable> later = new LinkedHashMap<>();
        later.put("fill", () -> backend.fill(st(DType.FLOAT32, 4), l, 1));
        later.put("allocate", () -> backend.zeros(DType.FLOAT32, 4));
        later.put("copy", () -> backend.copy(st(DType.FLOAT32, 4), l, st(DType.FLOAT32, 4), l));
        later.put("sum", () -> backend.reduce(ReduceOp.SUM, st(DType.FLOAT32, 4), l, new int[] {0},
                st(DType.FLOAT32, 1), Layout.contiguous(1)));
        later.put("any other call (a cuBLAS or cuDNN call, an upload: CudaContext.makeCurrent)", health::requireUsable);
        later.forEach((what, call) -> {
            CudaDeviceFaultException e = assertThrows(CudaDeviceFaultException.class, call::run, what);
            assertEquals("cuda:0 is unusable after an earlier fault: " + first.firstFault() + "; restart the process.",
                    e.getMessage());
            assertTrue(e.firstFault().startsWith("kernel fill_i32<<<1 blocks, 256 threads>>>(Strided(shape [4]"),
                    e.firstFault());
            assertEquals(700, e.status());
        });
        // what the driver answers every later call (a cuMemFree in the allocator) names the first fault too
        CudaException cascade = health.failure("cuMemFree", CudaErrors.CUDA_ERROR_ILLEGAL_ADDRESS);
        assertInstanceOf(CudaDeviceFaultException.class, cascade);
        assertEquals(first.firstFault(), ((CudaDeviceFaultException) cascade).firstFault());
        assertEquals(List.of(), log, "nothing is queued or waited for on a faulted device");
    }

    @Test
    void anErrorThatIsNotStickyLeavesTheDeviceUsable() {
        CudaStorage s = st(DType.FLOAT32, 16);
        statuses.add(CudaErrors.CUDA_ERROR_INVALID_VALUE);
        CudaException e = assertThrows(CudaException.class, () -> backend.zeros(DType.FLOAT32, 16));
        assertFalse(e instanceof CudaDeviceFaultException);
        assertTrue(e.getMessage().matches("cuMemsetD8Async\\(0x[0-9a-f]+, 0, 64 bytes\\) failed: "
                + "CUDA_ERROR_INVALID_VALUE \\(1\\)"), e.getMessage());

        health.requireUsable();
        backend.fill(s, Layout.contiguous(16), 2);
        sync.after(() -> "cublasSgemm_v2(...)");
        assertEquals(List.of("zero 64", "sync", "launch fill_f32", "sync", "sync"), log);
    }

    @Test
    void theSettingIsReadFromThePropertyFirst() {
        assertFalse(SyncMode.requested(null, null));
        assertTrue(SyncMode.requested(null, "1"));
        assertTrue(SyncMode.requested("true", null));
        assertFalse(SyncMode.requested("false", "1"));
        assertTrue(SyncMode.requested("TRUE", "0"));
        assertFalse(SyncMode.requested(null, "0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyncMode.requested("sometimes",
                null));
        assertEquals("sync mode is on or off: -Dember.cuda.sync=true|false or EMBER_CUDA_SYNC=1|0, got 'sometimes'",
                e.getMessage());
    }

    @Test
    void callsAreDescribedForAReader() {
        assertEquals("Strided(shape [], strides [], offset 3)", CallDescriptions.strided(withOffset(3)));
        int[] garbage = new int[StridedArgs.INTS];
        garbage[0] = 99;
        assertTrue(CallDescriptions.strided(garbage).startsWith("Strided(not a valid struct: [99, 0, "));
        assertEquals("0x7f0000001000", CallDescriptions.argument(new KernelArgs.Address(0x7f0000001000L)));
        assertEquals("7L, 7, 2.5f, 2.5", String.join(", ", CallDescriptions.argument(7L), CallDescriptions.argument(7),
                CallDescriptions.argument(2.5f), CallDescriptions.argument(2.5)));
        assertEquals("cuMemcpyDtoDAsync(dst 0x2000, src 0x1000, 64 bytes)", CallDescriptions.copy(0x2000, 0x1000, 64));
        assertEquals("cublasDgemmStridedBatched", CallDescriptions.gemmName(DType.FLOAT64, 3));
        assertEquals("cublasSgemm_v2", CallDescriptions.gemmName(DType.FLOAT32, 1));
        assertEquals("(T, N, m=3, n=2, k=4, A=0x100, lda=4, strideA=12, B=0x200, ldb=4, strideB=0, C=0x300, ldc=3, "
                + "strideC=6, batch=5)", CallDescriptions.gemmArguments(Cublas.Operation.T, Cublas.Operation.N, 3, 2, 4,
                0x100, 4, 12, 0x200, 4, 0, 0x300, 3, 6, 5));
        GemmArguments gemm = GemmArguments.of(Layout.contiguous(5, 2, 4), Layout.contiguous(5, 4, 3),
                Layout.contiguous(5, 2, 3));     // the row-major product as cuBLAS's column-major C^T = B^T A^T
        assertEquals("cublasSgemmStridedBatched(N, N, m=3, n=2, k=4, A=0x200, lda=3, strideA=12, B=0x100, ldb=4, "
                + "strideB=8, C=0x300, ldc=3, strideC=6, batch=5)",
                CublasMatmul.describe(DType.FLOAT32, gemm, 0x200, 0x100, 0x300));
    }

    private static int[] withOffset(int offset) {
        int[] p = new int[StridedArgs.INTS];
        p[1] = offset;
        return p;
    }

    private static String hex(CudaStorage s) { return "0x" + Long.toHexString(s.address); }
}

package dev.ember.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A device's health outside sync mode, where a kernel's fault surfaces at whatever call comes next: the first sticky
 * error says how to find its cause, and the cascade that follows (a free, a download) names that first fault.
 */
class DeviceHealthTest {
    private final DeviceHealth health = new DeviceHealth("cuda:1", false);

    @Test
    void theFirstStickyErrorSaysHowToFindItsCause() {
        CudaException e = health.failure("cuStreamSynchronize", CudaErrors.CUDA_ERROR_ILLEGAL_ADDRESS);
        assertEquals("cuda:1: cuStreamSynchronize failed: CUDA_ERROR_ILLEGAL_ADDRESS (700). This error is sticky: "
                + "cuda:1 cannot run anything more in this process; restart it. CUDA reports a kernel's fault at a later "
                + "call, so the cause may be any work queued before this one; run with -Dember.cuda.sync=true (or "
                + "EMBER_CUDA_SYNC=1) to have the failing call named.", e.getMessage());
        assertSame(e, health.fault());
    }

    @Test
    void laterFailuresOfAnyKindNameTheFirstFault() {
        health.failure("cuStreamSynchronize", 719);
        for (int status : new int[] {700, 719, CudaErrors.CUDA_ERROR_INVALID_VALUE, CudaErrors.CUDA_ERROR_OUT_OF_MEMORY}) {
            CudaException e = health.failure("cuMemFree", status);
            CudaDeviceFaultException later = assertInstanceOf(CudaDeviceFaultException.class, e);
            assertEquals("cuda:1 is unusable after an earlier fault: cuStreamSynchronize failed: CUDA_ERROR_LAUNCH_FAILED"
                    + " (719); restart the process (run with -Dember.cuda.sync=true (or EMBER_CUDA_SYNC=1) to have the "
                    + "call that caused it named).", later.getMessage());
            assertEquals(719, later.status());
        }
        assertThrows(CudaDeviceFaultException.class, health::requireUsable);
    }

    @Test
    void errorsThatAreNotStickyLeaveTheDeviceUsable() {
        CudaException e = health.failure("cuMemAlloc(1024 bytes)", CudaErrors.CUDA_ERROR_OUT_OF_MEMORY);
        assertFalse(e instanceof CudaDeviceFaultException);
        assertEquals("cuMemAlloc(1024 bytes) failed: CUDA_ERROR_OUT_OF_MEMORY (2)", e.getMessage());
        health.failure("cuLaunchKernel", 701);
        assertDoesNotThrow(health::requireUsable);
        assertNull(health.fault());
    }

    @Test
    void aLibraryFailureIsTheDevicesFaultWhenTheStreamReportsOne() {
        var gemm = new CudaLibraryException("cublasSgemm_v2", 13, "CUBLAS_STATUS_EXECUTION_FAILED",
                "cublasSgemm_v2(N, N, m=2, ...) failed: CUBLAS_STATUS_EXECUTION_FAILED (13): the GPU program failed");
        assertSame(gemm, health.libraryFailure(gemm, 0));
        assertSame(gemm, health.libraryFailure(gemm, CudaErrors.CUDA_ERROR_NOT_READY));
        assertDoesNotThrow(health::requireUsable);

        RuntimeException e = health.libraryFailure(gemm, CudaErrors.CUDA_ERROR_ILLEGAL_ADDRESS);
        CudaDeviceFaultException fault = assertInstanceOf(CudaDeviceFaultException.class, e);
        assertSame(gemm, fault.getCause());
        assertEquals("cublasSgemm_v2(N, N, m=2, ...) failed: CUBLAS_STATUS_EXECUTION_FAILED (13): the GPU program "
                + "failed; the device reports CUDA_ERROR_ILLEGAL_ADDRESS (700)", fault.firstFault());

        RuntimeException next = health.libraryFailure(gemm, CudaErrors.CUDA_ERROR_ILLEGAL_ADDRESS);
        assertTrue(next.getMessage().startsWith("cuda:1 is unusable after an earlier fault: cublasSgemm_v2"),
                next.getMessage());
    }

    @Test
    void onlyTheFirstOfConcurrentFaultsIsKept() throws InterruptedException {
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            int status = i % 2 == 0 ? 700 : 719;
            threads[i] = new Thread(() -> health.failure("call " + status, status));
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        CudaDeviceFaultException first = health.fault();
        CudaDeviceFaultException later = assertThrows(CudaDeviceFaultException.class, health::requireUsable);
        assertEquals(first.firstFault(), later.firstFault());
        assertEquals(first.status(), later.status());
    }
}

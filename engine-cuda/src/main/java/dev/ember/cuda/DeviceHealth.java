package dev.ember.cuda;

/**
 * Whether a device can still run work, and the exceptions for its failed calls. After a sticky error
 * ({@link CudaErrors#isSticky}) the driver fails every later call on the device's context, each with some error of
 * its own; so the first sticky error is kept, and from then on every call on the device (checked before it starts,
 * in {@link CudaContext#makeCurrent}, and again for any status it returns) throws one
 * {@link CudaDeviceFaultException} naming that first fault. Other errors (an invalid value, out of memory) leave the
 * device usable.
 *
 * <p>Without sync mode a kernel's fault surfaces at some later call (CUDA runs kernels after their launch returns),
 * so that first exception also says how to have the failing call named ({@link SyncMode}).
 */
final class DeviceHealth {
    private final String device;
    private final boolean syncMode;
    private volatile CudaDeviceFaultException fault;

    /** {@code device} as messages name it ({@code cuda:0}); {@code syncMode} when every queued call is waited for. */
    DeviceHealth(String device, boolean syncMode) {
        this.device = device;
        this.syncMode = syncMode;
    }

    /** Throws the device's first-fault exception when an earlier call left it unusable. */
    void requireUsable() {
        CudaDeviceFaultException first = fault;
        if (first != null) throw unusable(first);
    }

    /** The first sticky fault, or null while the device is usable. */
    CudaDeviceFaultException fault() { return fault; }

    /**
     * The exception for {@code call} having returned {@code status} (a failure) on this device. A sticky status, the
     * first time, marks the device unusable and names {@code call}; once the device is unusable, any failure names
     * the first fault.
     */
    CudaException failure(String call, int status) {
        String failed = failed(call, status);
        if (CudaErrors.isSticky(status)) return fault(failed, status, null);
        CudaDeviceFaultException first = fault;
        return first != null ? unusable(first) : new CudaException(failed);
    }

    /**
     * The exception for a cuBLAS or cuDNN call that failed: a library reports a sticky error of the device only as a
     * failure of its own ({@code CUBLAS_STATUS_EXECUTION_FAILED}), so {@code streamStatus} (what the device's stream
     * reports now) tells whether the device faulted. Returns {@code e} itself when it did not.
     */
    RuntimeException libraryFailure(CudaLibraryException e, int streamStatus) {
        CudaDeviceFaultException first = fault;
        if (first != null) {
            CudaDeviceFaultException later = unusable(first);
            later.addSuppressed(e);
            return later;
        }
        if (!CudaErrors.isSticky(streamStatus)) return e;
        return fault(e.getMessage() + "; the device reports " + Driver.errorName(streamStatus) + " (" + streamStatus
                + ")", streamStatus, e);
    }

    static String failed(String call, int status) {
        return call + " failed: " + Driver.errorName(status) + " (" + status + ")";
    }

    private synchronized CudaDeviceFaultException fault(String failed, int status, Throwable cause) {
        if (fault != null) {
            CudaDeviceFaultException later = unusable(fault);
            if (cause != null) later.addSuppressed(cause);
            return later;
        }
        String message = device + ": " + failed + ". This error is sticky: " + device
                + " cannot run anything more in this process; restart it." + (syncMode ? ""
                : " CUDA reports a kernel's fault at a later call, so the cause may be any work queued before this one;"
                        + " run with " + SyncMode.HOW_TO_ENABLE + " to have the failing call named.");
        fault = new CudaDeviceFaultException(device, status, failed, message, cause);
        return fault;
    }

    private CudaDeviceFaultException unusable(CudaDeviceFaultException first) {
        return new CudaDeviceFaultException(device, first.status(), first.firstFault(), device
                + " is unusable after an earlier fault: " + first.firstFault() + "; restart the process" + (syncMode
                ? "." : " (run with " + SyncMode.HOW_TO_ENABLE + " to have the call that caused it named)."), null);
    }
}

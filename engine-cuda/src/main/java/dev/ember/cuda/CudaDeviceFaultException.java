package dev.ember.cuda;

/**
 * A CUDA error that leaves the device unusable for the rest of the process: a kernel read an illegal address, a
 * launch failed, a device-side assert fired (the sticky errors of the driver's {@code CUresult}). The driver refuses
 * all later work on that device, so the call that first sees the error throws one of these naming it, and every
 * later call on the device throws one naming that first fault, instead of failing somewhere unrelated (a free in
 * the allocator, a download). The device works again only in a new process.
 *
 * <pre>{@code
 * try {
 *     train(model, gpu);
 * } catch (CudaDeviceFaultException e) {
 *     System.err.println("GPU fault: " + e.firstFault() + "; rerun with -Dember.cuda.sync=true to find it");
 * }
 * }</pre>
 */
public final class CudaDeviceFaultException extends CudaException {
    private final String device;
    private final int status;
    private final String firstFault;

    CudaDeviceFaultException(String device, int status, String firstFault, String message, Throwable cause) {
        super(message, cause);
        this.device = device;
        this.status = status;
        this.firstFault = firstFault;
    }

    /** The device that faulted, e.g. {@code cuda:0}. */
    public String device() { return device; }

    /** The first fault's {@code CUresult}, e.g. {@code 700} ({@code CUDA_ERROR_ILLEGAL_ADDRESS}). */
    public int status() { return status; }

    /**
     * The call where the first fault surfaced and its error; in sync mode, the kernel or library call that caused it,
     * with its arguments.
     */
    public String firstFault() { return firstFault; }
}

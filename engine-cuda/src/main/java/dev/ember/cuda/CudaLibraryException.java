package dev.ember.cuda;

/**
 * A cuBLAS or cuDNN call returned a status other than success. The message names the call, the status by its C
 * name and number, and what the library says about it.
 */
public final class CudaLibraryException extends RuntimeException {
    private final String call;
    private final int status;
    private final String statusName;

    CudaLibraryException(String call, int status, String statusName, String message) {
        super(message);
        this.call = call;
        this.status = status;
        this.statusName = statusName;
    }

    /** The C function that failed, e.g. {@code cublasCreate_v2}. */
    public String call() { return call; }

    /** The status it returned, e.g. {@code 1}. */
    public int status() { return status; }

    /** The status's C name, e.g. {@code CUBLAS_STATUS_NOT_INITIALIZED}. */
    public String statusName() { return statusName; }
}

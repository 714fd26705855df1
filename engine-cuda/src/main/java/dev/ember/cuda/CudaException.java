package dev.ember.cuda;

/**
 * A CUDA driver, cuBLAS or cuDNN call failed; the message names the call and the error. When the error leaves the
 * device unusable, it is a {@link CudaDeviceFaultException}.
 */
public class CudaException extends RuntimeException {
    public CudaException(String message) { super(message); }

    public CudaException(String message, Throwable cause) { super(message, cause); }
}

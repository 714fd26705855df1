package dev.ember.cuda;

import jcuda.driver.JCudaDriver;

/**
 * Status checking for jcuda's driver API: every {@code cu*} call goes through {@link #check}. A failure is the
 * business of the device whose context is current on the calling thread (the one the call acted on), so its
 * {@link DeviceHealth} makes the exception: after a sticky error every later failure names the first fault.
 */
final class Driver {
    private static volatile boolean nativeLibraryLoaded;

    private Driver() {}

    static void check(String call, int status) {
        if (status != 0) throw failure(call, status);
    }

    static CudaException failure(String call, int status) {
        DeviceHealth health = CudaContext.currentHealth();
        return health != null ? health.failure(call, status) : new CudaException(DeviceHealth.failed(call, status));
    }

    /** jcuda's native library is loaded, so the driver can name codes that {@link CudaErrors} does not know. */
    static void nativeLibraryLoaded() { nativeLibraryLoaded = true; }

    /** The C name of a {@code CUresult}, e.g. {@code CUDA_ERROR_ILLEGAL_ADDRESS}; needs no native library for known codes. */
    static String errorName(int status) {
        String known = CudaErrors.knownName(status);
        if (known != null) return known;
        if (nativeLibraryLoaded) {
            String[] name = new String[1];
            if (JCudaDriver.cuGetErrorName(status, name) == 0 && name[0] != null) return name[0];
        }
        return "CUresult " + status;
    }
}

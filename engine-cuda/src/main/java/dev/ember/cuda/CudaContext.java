package dev.ember.cuda;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;

/**
 * One GPU as the backend sees it: its primary context and the one stream every Ember kernel, copy and library call
 * of this device is queued on, in order. Contexts are current per thread, so every entry into the backend calls
 * {@link #makeCurrent()}; a thread-local remembers which context a thread already has, so that costs one lookup.
 *
 * <p>Every driver status of this device is checked against its {@link DeviceHealth}: after a sticky error (an illegal
 * address in a kernel) each later call fails at once, in {@link #makeCurrent()}, naming that first fault. In sync mode
 * ({@link SyncMode}) every queued call is waited for, so the fault is named where it happens.
 */
final class CudaContext {
    private static final ThreadLocal<CudaContext> CURRENT = new ThreadLocal<>();
    private static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    private static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    private static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;

    final int index;
    final String name;
    final long totalBytes;
    final int computeMajor;
    final int computeMinor;
    final int multiprocessors;
    private final CUcontext context = new CUcontext();
    final DevicePointers.Stream stream = new DevicePointers.Stream();
    final DeviceHealth health;
    final SyncMode sync;

    private CudaContext(int index) {
        this.index = index;
        boolean syncMode = SyncMode.requested();
        this.health = new DeviceHealth("cuda:" + index, syncMode);
        this.sync = new SyncMode(syncMode, health, () -> JCudaDriver.cuStreamSynchronize(stream));
        CUdevice device = new CUdevice();
        check("cuDeviceGet", JCudaDriver.cuDeviceGet(device, index));
        byte[] nameBytes = new byte[256];
        check("cuDeviceGetName", JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, device));
        int end = 0;
        while (end < nameBytes.length && nameBytes[end] != 0) end++;
        this.name = new String(nameBytes, 0, end, StandardCharsets.UTF_8);
        long[] total = new long[1];
        check("cuDeviceTotalMem", JCudaDriver.cuDeviceTotalMem(total, device));
        this.totalBytes = total[0];
        int[] v = new int[1];
        check("cuDeviceGetAttribute", JCudaDriver.cuDeviceGetAttribute(v, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device));
        this.computeMajor = v[0];
        check("cuDeviceGetAttribute", JCudaDriver.cuDeviceGetAttribute(v, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device));
        this.computeMinor = v[0];
        check("cuDeviceGetAttribute", JCudaDriver.cuDeviceGetAttribute(v, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device));
        this.multiprocessors = v[0];
        check("cuDevicePrimaryCtxRetain", JCudaDriver.cuDevicePrimaryCtxRetain(context, device));
        makeCurrent();
        check("cuStreamCreate", JCudaDriver.cuStreamCreate(stream, 0));
    }

    /**
     * Initialises the driver and opens device {@code index}. Throws {@link UnsatisfiedLinkError} when jcuda's native
     * library or the driver's {@code libcuda.so.1} cannot load, and {@link CudaException} when the driver finds no
     * such device.
     */
    static CudaContext open(int index) {
        JCudaDriver.setExceptionsEnabled(false);
        Driver.nativeLibraryLoaded();
        Driver.check("cuInit", JCudaDriver.cuInit(0));
        int[] count = new int[1];
        Driver.check("cuDeviceGetCount", JCudaDriver.cuDeviceGetCount(count));
        if (index >= count[0]) {
            throw new CudaException("there is no CUDA device " + index + ": the driver sees " + count[0]);
        }
        return new CudaContext(index);
    }

    /** Makes this context current on the calling thread; throws the first-fault exception when the device is unusable. */
    void makeCurrent() {
        health.requireUsable();
        if (CURRENT.get() == this) return;
        check("cuCtxSetCurrent", JCudaDriver.cuCtxSetCurrent(context));
        CURRENT.set(this);
    }

    /** The health of the device whose context is current on this thread (the one a driver call acts on), or null. */
    static DeviceHealth currentHealth() {
        CudaContext current = CURRENT.get();
        return current == null ? null : current.health;
    }

    /** Throws the exception for {@code call} failing on this device unless {@code status} is success. */
    void check(String call, int status) {
        if (status != 0) throw health.failure(call, status);
    }

    /**
     * The exception for a cuBLAS or cuDNN call on this device that failed: a first-fault exception when the stream
     * reports a sticky error (which the library saw only as its own failure), else {@code e}.
     */
    RuntimeException libraryFailure(CudaLibraryException e) {
        return health.libraryFailure(e, JCudaDriver.cuStreamQuery(stream));
    }

    /** Waits until everything queued on this device's stream has run; surfaces errors of earlier launches. */
    void synchronize() {
        makeCurrent();
        check("cuStreamSynchronize", JCudaDriver.cuStreamSynchronize(stream));
    }

    int driverVersion() {
        int[] v = new int[1];
        check("cuDriverGetVersion", JCudaDriver.cuDriverGetVersion(v));
        return v[0];
    }

    @Override
    public String toString() {
        return "cuda:" + index + " (" + name + ", sm_" + computeMajor + computeMinor + ", " + multiprocessors + " SMs, "
                + totalBytes / (1024 * 1024) + " MiB)";
    }
}

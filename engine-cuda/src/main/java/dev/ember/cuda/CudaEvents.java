package dev.ember.cuda;

import jcuda.driver.CUevent;
import jcuda.driver.JCudaDriver;

import static dev.ember.cuda.Driver.check;

/**
 * Device-side timing: two events recorded on the device's stream around queued work, so the time is the GPU's,
 * not the host's (launches return before the kernels run). For benchmarks; a default-flag event records timing.
 */
final class CudaEvents {
    private CudaEvents() {}

    /** Milliseconds the device spent on what {@code work} queues on {@code context}'s stream; waits for it. */
    static float time(CudaContext context, Runnable work) {
        context.makeCurrent();
        CUevent start = new CUevent();
        CUevent end = new CUevent();
        check("cuEventCreate", JCudaDriver.cuEventCreate(start, 0));
        check("cuEventCreate", JCudaDriver.cuEventCreate(end, 0));
        try {
            check("cuEventRecord", JCudaDriver.cuEventRecord(start, context.stream));
            work.run();
            check("cuEventRecord", JCudaDriver.cuEventRecord(end, context.stream));
            check("cuEventSynchronize", JCudaDriver.cuEventSynchronize(end));
            float[] ms = new float[1];
            check("cuEventElapsedTime", JCudaDriver.cuEventElapsedTime(ms, start, end));
            return ms[0];
        } finally {
            JCudaDriver.cuEventDestroy(start);
            JCudaDriver.cuEventDestroy(end);
        }
    }
}

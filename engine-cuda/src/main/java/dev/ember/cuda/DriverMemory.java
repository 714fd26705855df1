package dev.ember.cuda;

import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import static dev.ember.cuda.Driver.check;

/** Raw device memory straight from the driver, for the {@link CachingAllocator} only. */
final class DriverMemory implements DeviceMemory {
    private final CudaContext context;

    DriverMemory(CudaContext context) { this.context = context; }

    @Override
    public long allocate(long bytes) {
        context.makeCurrent();
        DevicePointers.Allocated p = new DevicePointers.Allocated();
        int status = JCudaDriver.cuMemAlloc(p, bytes);
        if (status == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return OUT_OF_MEMORY;
        check("cuMemAlloc(" + bytes + " bytes)", status);
        return p.address();
    }

    @Override
    public void free(long address) {
        context.makeCurrent();
        // cuMemFree does not wait for queued kernels that may still read the memory; the stream must drain first
        context.synchronize();
        check("cuMemFree", JCudaDriver.cuMemFree(DevicePointers.at(address)));
    }

    @Override
    public String deviceName() { return context.toString(); }
}

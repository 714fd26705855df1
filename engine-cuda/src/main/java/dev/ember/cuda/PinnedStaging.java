package dev.ember.cuda;

import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.JCudaDriver;

import java.lang.foreign.MemorySegment;

import static dev.ember.cuda.Driver.check;

/**
 * {@link Staging} on the driver: two page-locked host buffers (the DMA engine reads and writes pinned memory
 * directly, where pageable memory would be staged by the driver once more) and one event per buffer, recorded on
 * the device's stream after each copy. The events take no timing, which makes them cheaper to record and wait on.
 */
final class PinnedStaging implements Staging {
    private final CudaContext context;
    private final DevicePointers.Host[] pinned = {new DevicePointers.Host(), new DevicePointers.Host()};
    private final MemorySegment[] buffers = new MemorySegment[2];
    private final CUevent[] copied = {new CUevent(), new CUevent()};

    PinnedStaging(CudaContext context, long bytes) {
        this.context = context;
        context.makeCurrent();
        for (int i = 0; i < 2; i++) {
            check("cuMemAllocHost", JCudaDriver.cuMemAllocHost(pinned[i], bytes));
            buffers[i] = MemorySegment.ofAddress(pinned[i].address()).reinterpret(bytes);
            check("cuEventCreate", JCudaDriver.cuEventCreate(copied[i], CUevent_flags.CU_EVENT_DISABLE_TIMING));
        }
    }

    @Override
    public MemorySegment buffer(int which) { return buffers[which]; }

    @Override
    public void makeCurrent() { context.makeCurrent(); }

    @Override
    public void toDevice(int which, long address, long bytes) {
        check("cuMemcpyHtoDAsync", JCudaDriver.cuMemcpyHtoDAsync(DevicePointers.at(address), pinned[which], bytes,
                context.stream));
        check("cuEventRecord", JCudaDriver.cuEventRecord(copied[which], context.stream));
    }

    @Override
    public void toHost(int which, long address, long bytes) {
        check("cuMemcpyDtoHAsync", JCudaDriver.cuMemcpyDtoHAsync(pinned[which], DevicePointers.at(address), bytes,
                context.stream));
        check("cuEventRecord", JCudaDriver.cuEventRecord(copied[which], context.stream));
    }

    @Override
    public void await(int which) { check("cuEventSynchronize", JCudaDriver.cuEventSynchronize(copied[which])); }

    @Override
    public void synchronize() { context.synchronize(); }
}

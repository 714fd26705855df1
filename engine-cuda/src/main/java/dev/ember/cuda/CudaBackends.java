package dev.ember.cuda;

import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.Backends;

/**
 * Builds a device's backend from its parts, in the order they depend on each other. In sync mode ({@link SyncMode})
 * the kernel queue is wrapped so that every launch, copy and fill is waited for; cuBLAS and cuDNN calls wait through
 * the context's {@code sync}.
 */
final class CudaBackends {
    private CudaBackends() {}

    static CudaBackend open(Device device) {
        CudaContext context = CudaContext.open(device.index());
        CudaMemory memory = new CudaMemory(new CachingAllocator(new DriverMemory(context)), context.stream.address());
        DeviceQueue kernels = context.sync.wrap(new KernelModule(context));
        HostTransfers transfers = new HostTransfers(context);
        CublasMatmul matmul = new CublasMatmul(context);
        CudnnConvolution convolution = new CudnnConvolution(context, memory);
        CudaBackend backend = new CudaBackend(device, context, memory, kernels, transfers, matmul, convolution);
        matmul.attach(backend);
        convolution.attach(backend);
        return backend;
    }

    /** The CUDA backend of {@code device}, opening it if needed. */
    static CudaBackend of(Device device) {
        if (device.kind() != Device.Kind.CUDA) throw new IllegalArgumentException("not a CUDA device: " + device);
        Backend b = Backends.of(device);
        if (b instanceof CudaBackend c) return c;
        throw new IllegalStateException(device + " is served by " + b + ", not Ember's CUDA backend");
    }
}

package dev.ember.cuda;

import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.BackendProvider;

import java.util.Optional;

/**
 * Serves {@link #DEVICE} (and no other device) with Ember's CUDA backend on a fake device, so that tests can run
 * Tensor-level code through the CUDA backend without a GPU: device memory from {@link FakeDeviceMemory} of
 * {@link #CAPACITY} bytes, launches checked against the kernels' parameter lists and otherwise dropped. Nothing is
 * computed and nothing can be read back (no transfers, no cuBLAS, no cuDNN): only what the backend allocates and
 * launches is real. Registered in the test resources' {@code META-INF/services}, ahead of
 * {@link CudaBackendProvider}, which therefore never sees {@code cuda:7}.
 */
public final class FakeCudaProvider implements BackendProvider {
    static final Device DEVICE = Device.cuda(7);
    /** Small on purpose: a loop that never frees runs it dry within a few hundred training steps. */
    static final long CAPACITY = 8L << 20;

    private static final DeviceQueue CHECKED_LAUNCHES = new DeviceQueue() {
        @Override
        public void launch(String name, long work, Object... args) { LaunchArguments.check(name, args); }

        @Override
        public void launchPerBlock(String name, long items, Object... args) { LaunchArguments.check(name, args); }

        @Override
        public void copy(long dst, long src, long bytes) {}

        @Override
        public void zero(long address, long bytes) {}
    };

    @Override
    public Device.Kind kind() { return Device.Kind.CUDA; }

    @Override
    public Optional<Backend> open(Device device, StringBuilder problems) {
        if (!device.equals(DEVICE)) return Optional.empty();   // not ours: the real provider answers, with its reason
        CudaMemory memory = new CudaMemory(new CachingAllocator(new FakeDeviceMemory(CAPACITY)), 0);
        return Optional.of(new CudaBackend(DEVICE, null, memory, CHECKED_LAUNCHES, null, null, null));
    }

    @Override
    public int preference() { return -1; }
}

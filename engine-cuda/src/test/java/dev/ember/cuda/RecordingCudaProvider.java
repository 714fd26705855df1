package dev.ember.cuda;

import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.BackendProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Serves {@link #DEVICE} (no other device) as a {@link CudaBackend} on a fake device: addresses from
 * {@link FakeDeviceMemory}, and every launch, copy and zero fill recorded in {@link #QUEUE} instead of queued. So
 * engine-api's ops run on it through {@code Tensor} unchanged, and a test sees what each one asks of the device.
 * Registered for the engine-cuda tests only (src/test/resources); it tells every other device to look elsewhere.
 */
public final class RecordingCudaProvider implements BackendProvider {
    /** Not {@link FakeCudaProvider#DEVICE}: that one checks launches on a small memory, this one records them. */
    static final Device DEVICE = Device.cuda(6);
    static final Recorder QUEUE = new Recorder();

    /** The calls queued on the fake stream, one line each: {@code launch add_f32}, {@code zero 64 bytes}. */
    static final class Recorder implements DeviceQueue {
        private final List<String> calls = new ArrayList<>();

        synchronized List<String> takeCalls() {
            List<String> taken = List.copyOf(calls);
            calls.clear();
            return taken;
        }

        @Override
        public synchronized void launch(String name, long work, Object... args) { calls.add("launch " + name); }

        @Override
        public synchronized void launchPerBlock(String name, long items, Object... args) { calls.add("launch " + name); }

        @Override
        public synchronized void copy(long dst, long src, long bytes) { calls.add("copy " + bytes + " bytes"); }

        @Override
        public synchronized void zero(long address, long bytes) { calls.add("zero " + bytes + " bytes"); }
    }

    @Override
    public Device.Kind kind() { return Device.Kind.CUDA; }

    @Override
    public Optional<Backend> open(Device device, StringBuilder problems) {
        if (!device.equals(DEVICE)) return Optional.empty();
        CudaMemory memory = new CudaMemory(new CachingAllocator(new FakeDeviceMemory(1L << 30)), 0);
        return Optional.of(new CudaBackend(DEVICE, null, memory, QUEUE, null, null, null));
    }

    /** Before the real CUDA provider, which would try the driver for this device too. */
    @Override
    public int preference() { return -1; }
}

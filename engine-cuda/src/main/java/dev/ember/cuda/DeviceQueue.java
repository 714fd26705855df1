package dev.ember.cuda;

/**
 * The work the backend queues on its device's stream: Ember kernels by name, device-to-device copies and zero
 * fills. {@link KernelModule} on a GPU; a recorder in the tests that check every launch without one.
 */
interface DeviceQueue {

    /** Launches {@code name} over {@code work} independent items (elements or outputs), 256 threads per block. */
    void launch(String name, long work, Object... args);

    /** Launches {@code name} with one 256-thread block per item, for kernels that give a row or output a whole block. */
    void launchPerBlock(String name, long items, Object... args);

    /** Copies {@code bytes} from device address {@code src} to {@code dst}. */
    void copy(long dst, long src, long bytes);

    /** Sets {@code bytes} bytes at {@code address} to zero. */
    void zero(long address, long bytes);
}

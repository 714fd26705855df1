package dev.ember;

/**
 * Where a tensor's memory lives: {@code Device.CPU} or {@code Device.cuda(0)}.
 *
 * <pre>{@code
 * Tensor x = Tensor.zeros(Device.CPU, DType.FLOAT32, 2, 3);
 * }</pre>
 */
public record Device(Kind kind, int index) {

    public enum Kind { CPU, CUDA }

    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        if (index < 0) throw new IllegalArgumentException("device index must be >= 0, got " + index);
    }

    public static Device cuda(int index) { return new Device(Kind.CUDA, index); }

    /**
     * The device new tensors get when none is named: the first backend that loads, CPU when no other does.
     */
    public static Device defaultDevice() { return dev.ember.backend.Backends.defaultDevice(); }

    @Override
    public String toString() { return kind == Kind.CPU ? "cpu" : "cuda:" + index; }
}

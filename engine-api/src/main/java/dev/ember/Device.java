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

    /** {@link #CPU}, as {@code torch.device("cpu")}. */
    public static Device cpu() { return CPU; }

    /** CUDA device 0, as {@code torch.device("cuda")}. */
    public static Device cuda() { return cuda(0); }

    /** {@code "cpu"}, {@code "cuda"} (device 0) or {@code "cuda:N"}, as {@link #toString} writes them. */
    public static Device parse(String name) {
        String s = name.toLowerCase(java.util.Locale.ROOT);
        if (s.equals("cpu")) return CPU;
        if (s.equals("cuda")) return cuda(0);
        if (s.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("not a device name: '" + name + "' (expected cpu, cuda or cuda:N)");
    }

    /**
     * The device new tensors get when none is named: the first backend that loads, CPU when no other does.
     */
    public static Device defaultDevice() { return dev.ember.backend.Backends.defaultDevice(); }

    @Override
    public String toString() { return kind == Kind.CPU ? "cpu" : "cuda:" + index; }
}

package dev.ember.cuda;

import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Sync mode, for finding a GPU fault in one run (PyTorch's {@code CUDA_LAUNCH_BLOCKING}): the backend waits for the
 * device after every kernel launch, device copy and fill, and cuBLAS and cuDNN call, so an error surfaces at the call
 * that caused it, and the exception names that call and its arguments. It costs a round trip to the GPU per call:
 * for debugging only. Off (the default), work is queued without waiting, exactly as if this class did not exist.
 *
 * <pre>{@code
 * java -Dember.cuda.sync=true ...     # or: EMBER_CUDA_SYNC=1 java ...; the property wins
 * }</pre>
 */
final class SyncMode {
    static final String PROPERTY = "ember.cuda.sync";
    static final String ENVIRONMENT_VARIABLE = "EMBER_CUDA_SYNC";
    static final String HOW_TO_ENABLE = "-D" + PROPERTY + "=true (or " + ENVIRONMENT_VARIABLE + "=1)";

    private final boolean enabled;
    private final DeviceHealth health;
    private final IntSupplier synchronize;

    /**
     * Sync mode on or off for one device, whose {@code health} names its failures; {@code synchronize} waits for the
     * device's stream and returns its {@code CUresult} ({@code cuStreamSynchronize} on a GPU).
     */
    SyncMode(boolean enabled, DeviceHealth health, IntSupplier synchronize) {
        this.enabled = enabled;
        this.health = health;
        this.synchronize = synchronize;
    }

    /** Whether the user asked for sync mode, with {@value #PROPERTY} or {@value #ENVIRONMENT_VARIABLE}. */
    static boolean requested() {
        return requested(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT_VARIABLE));
    }

    /** The setting from the property's and the environment variable's values (null when unset); the property wins. */
    static boolean requested(String property, String environment) {
        String setting = property != null ? property : environment;
        if (setting == null || setting.isBlank()) return false;
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("sync mode is on or off: -D" + PROPERTY + "=true|false or "
                    + ENVIRONMENT_VARIABLE + "=1|0, got '" + setting + "'");
        };
    }

    boolean enabled() { return enabled; }

    /** {@code queue} with every launch, copy and fill waited for and checked in sync mode; {@code queue} itself when off. */
    DeviceQueue wrap(DeviceQueue queue) {
        return enabled ? new SynchronizingQueue(queue, this, health) : queue;
    }

    /**
     * After {@code call} was queued: in sync mode, waits for it and, when the device reports an error, throws naming
     * the call ({@code call} is only evaluated then). Nothing at all when off.
     */
    void after(Supplier<String> call) {
        if (!enabled) return;
        int status = synchronize.getAsInt();
        if (status != 0) throw health.failure(call.get(), status);
    }

    @Override
    public String toString() { return "sync mode " + (enabled ? "on" : "off"); }
}

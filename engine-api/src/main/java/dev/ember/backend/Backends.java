package dev.ember.backend;

import dev.ember.BackendUnavailableException;
import dev.ember.Device;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the backend of each device through {@link BackendProvider}s on the class path or the module path, once per
 * device. Its one log line (why a preferred backend did not load) goes through {@link System.Logger}, so it lands
 * wherever the application's logging goes.
 */
public final class Backends {
    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    private static final Map<Device, Backend> OPEN = new ConcurrentHashMap<>();
    private static volatile List<BackendProvider> providers;
    private static volatile Device defaultDevice;

    private Backends() {}

    public static Backend of(Device device) {
        Backend b = OPEN.get(device);
        if (b != null) return b;
        synchronized (Backends.class) {
            b = OPEN.get(device);
            if (b != null) return b;
            StringBuilder problems = new StringBuilder();
            for (BackendProvider p : providers()) {
                if (p.kind() != device.kind()) continue;
                var opened = p.open(device, problems);
                if (opened.isPresent()) {
                    OPEN.put(device, opened.get());
                    return opened.get();
                }
            }
            throw new BackendUnavailableException("no backend for device " + device
                    + (problems.isEmpty() ? ": no module for " + device.kind() + " is on the class path"
                    + (device.kind() == Device.Kind.CPU ? " (add dev.ember:engine-cpu)" : "") : ": " + problems));
        }
    }

    /** Is there a backend for this device on this machine? */
    public static boolean available(Device device) {
        try {
            of(device);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * The device new tensors get when none is named: the one the system property {@code ember.device} names
     * ({@code cpu}, {@code cuda}, {@code cuda:1}), else the first backend that loads by preference (CUDA before
     * CPU), with one log line saying why a preferred one did not.
     */
    public static Device defaultDevice() {
        Device d = defaultDevice;
        if (d != null) return d;
        synchronized (Backends.class) {
            if (defaultDevice != null) return defaultDevice;
            String named = System.getProperty("ember.device");
            if (named != null && !named.isBlank()) {
                Device chosen = Device.parse(named.trim());
                of(chosen);   // fails here, naming what is missing, rather than at the first tensor
                defaultDevice = chosen;
                return chosen;
            }
            StringBuilder problems = new StringBuilder();
            for (BackendProvider p : providers()) {
                Device candidate = new Device(p.kind(), 0);
                // a device already open is not opened again: for CUDA that would be a second context and stream
                var opened = OPEN.containsKey(candidate) ? Optional.of(OPEN.get(candidate)) : p.open(candidate, problems);
                if (opened.isPresent()) {
                    OPEN.putIfAbsent(candidate, opened.get());
                    if (!problems.isEmpty()) LOG.log(Level.INFO, oneLine("Ember uses " + candidate + "; " + problems));
                    defaultDevice = candidate;
                    return candidate;
                }
            }
            throw new BackendUnavailableException("no Ember backend loads: add dev.ember:engine-cpu to the class path"
                    + (problems.isEmpty() ? "" : " (" + problems + ")"));
        }
    }

    /** A log record is one line, whatever a provider's reasons hold. */
    static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static List<BackendProvider> providers() {
        if (providers == null) {
            List<BackendProvider> found = new ArrayList<>();
            ServiceLoader.load(BackendProvider.class).forEach(found::add);
            found.sort(Comparator.comparingInt(BackendProvider::preference));
            providers = found;
        }
        return providers;
    }
}

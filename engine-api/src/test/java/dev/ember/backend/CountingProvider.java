package dev.ember.backend;

import dev.ember.Device;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider of the CUDA kind for engine-api's own tests (no backend module is on their class path): it counts how
 * often it is asked to open a device and hands out a backend object that no op may use.
 */
public final class CountingProvider implements BackendProvider {
    static final AtomicInteger OPENS = new AtomicInteger();

    @Override
    public Device.Kind kind() { return Device.Kind.CUDA; }

    @Override
    public Optional<Backend> open(Device device, StringBuilder problems) {
        OPENS.incrementAndGet();
        return Optional.of((Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "device" -> device;
                    case "toString" -> "CountingProvider's backend for " + device;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                }));
    }

    @Override
    public int preference() { return 0; }
}

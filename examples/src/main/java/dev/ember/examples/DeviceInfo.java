package dev.ember.examples;

import dev.ember.Device;
import dev.ember.backend.Backends;

/**
 * Prints which Java runs Ember, whether the CUDA backend loads (and if not, why), and the default device: the
 * first thing to run on a new machine ({@code bin/ember-info} in the self-contained bundle).
 */
public final class DeviceInfo {
    public static void main(String[] args) {
        System.out.println("Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                + ") at " + System.getProperty("java.home"));
        System.out.println("CUDA library folders (EMBER_CUDA_LIBRARY_PATH): " + orNone(System.getenv("EMBER_CUDA_LIBRARY_PATH")));
        System.out.println("CUDA library folders (-Dember.cuda.libraryPath): " + orNone(System.getProperty("ember.cuda.libraryPath")));
        Device cuda = Device.cuda(0);
        try {
            Backends.of(cuda);
            System.out.println(cuda + ": available");
        } catch (IllegalStateException e) {
            System.out.println(cuda + ": not available: " + e.getMessage());
        }
        System.out.println("Default device: " + Device.defaultDevice());
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? "(not set)" : value;
    }
}

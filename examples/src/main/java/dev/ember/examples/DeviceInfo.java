package dev.ember.examples;

import dev.ember.Device;
import dev.ember.backend.Backends;
import dev.ember.cuda.Cuda;
import dev.ember.cuda.CudaException;
import java.nio.file.Path;

/**
 * Prints which Java runs Ember, where jcuda's driver library loads from, the CUDA library folders searched, each CUDA
 * library found (path and version, or why not), the device (name, compute capability, SMs, memory) or why CUDA is not
 * available, the driver's CUDA version and the default device: the first thing to run on a new machine
 * ({@code bin/ember-info} in the self-contained bundle). Everything but the device is reported without a GPU too.
 */
public final class DeviceInfo {
    public static void main(String[] args) {
        System.out.println("Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                + ") at " + System.getProperty("java.home"));
        System.out.println("jcuda's driver library: " + Cuda.jcudaNativeLibrary());
        System.out.println("CUDA library folders searched, in order (then LD_LIBRARY_PATH and ldconfig's cache):");
        for (Path folder : Cuda.libraryFolders()) System.out.println("    " + folder);
        if (Cuda.libraryFolders().isEmpty()) System.out.println("    (none exist on this machine)");
        for (Cuda.Library library : Cuda.libraries()) System.out.println(library);

        Device cuda = Device.cuda(0);
        try {
            Backends.of(cuda);
            System.out.println(Cuda.describe(cuda) + ": available");
        } catch (IllegalStateException e) {
            System.out.println(cuda + ": not available: " + e.getMessage());
        }
        try {   // after the device, so that a driver that does not load is reported by the backend first, in full
            int version = Cuda.driverVersion();
            System.out.println("CUDA driver: supports CUDA " + version / 1000 + "." + version % 1000 / 10);
        } catch (CudaException e) {
            System.out.println("CUDA driver: not loaded: " + e.getMessage());
        }
        System.out.println("Default device: " + Device.defaultDevice());
    }
}

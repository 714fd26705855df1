package dev.ember.cuda;

import dev.ember.Device;
import dev.ember.backend.Backends;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import jcuda.driver.JCudaDriver;

/**
 * What a user may ask of a GPU beyond tensors: is there one, its memory statistics, giving cached memory back,
 * waiting for queued work, timing it on the device, and the TF32 opt-in; and, for a report on a new machine, the
 * driver's version and the CUDA libraries Ember found, where and which version.
 *
 * <pre>{@code
 * Device gpu = Device.cuda(0);
 * if (Cuda.isAvailable()) {
 *     Tensor x = Tensor.randn(1024, 1024).to(gpu);
 *     System.out.println(Cuda.memoryStats(gpu));
 * }
 * }</pre>
 */
public final class Cuda {
    private static volatile boolean tf32;

    private Cuda() {}

    /** True when device {@code cuda:0}, its driver, the kernels, cuBLAS and cuDNN load. */
    public static boolean isAvailable() { return Backends.available(Device.cuda(0)); }

    /**
     * The device's name, compute capability, streaming multiprocessors and memory, for example
     * {@code cuda:0 (NVIDIA H100 80GB HBM3, sm_90, 132 SMs, 81079 MiB)}.
     */
    public static String describe(Device device) { return CudaBackends.of(device).context.toString(); }

    /** The caching allocator's counters: bytes in use, reserved, peaks, cache hits, raw allocations. */
    public static AllocatorStats memoryStats(Device device) { return CudaBackends.of(device).memory.allocator.stats(); }

    /** Gives every cached, entirely free segment back to the driver (other processes can then use it). */
    public static void emptyCache(Device device) {
        CudaBackend b = CudaBackends.of(device);
        b.synchronize();
        b.memory.allocator.emptyCache();
    }

    /** Waits until every kernel queued on the device has run; errors of earlier launches surface here. */
    public static void synchronize(Device device) { CudaBackends.of(device).synchronize(); }

    /**
     * Milliseconds the GPU spends on the kernels {@code work} queues, timed with CUDA events on the device's stream
     * (a host clock would time the launches, which return before the kernels run). Waits for the work to finish.
     *
     * <pre>{@code
     * float ms = Cuda.time(gpu, () -> a.matmul(b).close());
     * }</pre>
     */
    public static float time(Device device, Runnable work) {
        return CudaEvents.time(CudaBackends.of(device).context, work);
    }

    /**
     * Lets float32 matrix products and convolutions use TF32 tensor cores (10-bit mantissa inputs, float32
     * accumulation): several times faster on Ampere and Hopper, but results differ from the CPU's by about 1e-3
     * relative. Off by default, so that float32 results match the CPU backend.
     */
    public static void allowTf32(boolean allow) { tf32 = allow; }

    public static boolean tf32Allowed() { return tf32; }

    /**
     * The CUDA version the installed driver supports, {@code major * 1000 + minor * 10} (e.g. {@code 13000}); needs the
     * driver but no device.
     *
     * @throws CudaException saying why when jcuda's native library or the driver's {@code libcuda.so.1} cannot load
     */
    public static int driverVersion() {
        try {
            JCudaDriver.setExceptionsEnabled(false);
            int[] version = new int[1];
            Driver.check("cuDriverGetVersion", JCudaDriver.cuDriverGetVersion(version));
            return version[0];
        } catch (LinkageError e) {
            throw new CudaException(JcudaNativeLibrary.explain(messages(e)), e);
        }
    }

    /** Where jcuda's native driver library loads from: a file on {@code java.library.path}, or how else it will load. */
    public static String jcudaNativeLibrary() {
        return JcudaNativeLibrary.onLibraryPath().map(path -> path + " (java.library.path)").orElse(
                JcudaNativeLibrary.fileName() + " is not on java.library.path; jcuda copies it from its natives jar"
                        + " into java.io.tmpdir (" + System.getProperty("java.io.tmpdir") + ") and loads it there");
    }

    /** The folders CUDA libraries are looked for in, in order ({@code -Dember.cuda.libraryPath}, then
     * {@code EMBER_CUDA_LIBRARY_PATH}, then the well-known places); the system loader's search comes after them. */
    public static List<Path> libraryFolders() {
        return LibrarySearch.fromEnvironment().folders();
    }

    /**
     * cuBLAS, cuBLASLt, cuDNN (with its sub-libraries) and nvrtc, each opened if it can be, with its version: what
     * {@code ember-info} prints. Needs no GPU, so it also tells, on a machine without one, what would load.
     *
     * <pre>{@code
     * for (Cuda.Library library : Cuda.libraries()) System.out.println(library);
     * // cuBLAS 13.0.2: /usr/local/lib/python3.12/dist-packages/nvidia/cu13/lib/libcublas.so.13
     * }</pre>
     */
    public static List<Library> libraries() {
        var libraries = new ArrayList<Library>();
        NativeLibrary blas = open("cuBLAS", NativeLibraries::cublas, libraries);
        if (blas != null) {
            libraries.add(library("cuBLAS", () -> versionText(Cublas.version()), blas.files().getLast(), List.of()));
            blas.part("libcublasLt.so").ifPresent(lt -> libraries.add(
                    library("cuBLASLt", () -> versionText(Cublas.ltVersion()), lt, List.of())));
        }
        NativeLibrary dnn = open("cuDNN", NativeLibraries::cudnn, libraries);
        if (dnn != null) {
            libraries.add(new Library("cuDNN", version(() -> versionText(Cudnn.version()) + " for CUDA "
                    + cudaVersionText(Cudnn.cudartVersion())), locations(dnn.files()), dnn.notes(), null));
        }
        NativeLibrary rtc = open("nvrtc", NativeLibraries::nvrtc, libraries);
        if (rtc != null) {
            libraries.add(new Library("nvrtc", version(Nvrtc::version), locations(rtc.files()), rtc.notes(), null));
        }
        return libraries;
    }

    /**
     * One CUDA library as Ember found it: its name, version, the files opened for it (the library itself last) and
     * notes on optional parts it lacks; or, when it did not load, why ({@code problem}, which names the folders
     * searched).
     */
    public record Library(String name, String version, List<String> files, List<String> notes, String problem) {
        public Library {
            files = List.copyOf(files);
            notes = List.copyOf(notes);
        }

        public boolean loaded() { return problem == null; }

        @Override
        public String toString() {
            if (!loaded()) return name + ": not loaded: " + problem;
            var text = new StringBuilder(name + " " + version + ":");
            if (files.size() == 1) text.append(' ').append(files.getFirst());
            else files.forEach(file -> text.append("\n    ").append(file));
            notes.forEach(note -> text.append("\n    note: ").append(note));
            return text.toString();
        }
    }

    private static NativeLibrary open(String name, Supplier<NativeLibrary> loader, List<Library> libraries) {
        try {
            return loader.get();
        } catch (NativeLibraryException e) {
            libraries.add(new Library(name, null, List.of(), List.of(), e.getMessage()));
            return null;
        }
    }

    private static Library library(String name, Supplier<String> version, NativeLibrary.Opened file,
            List<String> notes) {
        return new Library(name, version(version), List.of(file.location()), notes, null);
    }

    private static List<String> locations(List<NativeLibrary.Opened> files) {
        return files.stream().map(NativeLibrary.Opened::location).toList();
    }

    /** The version, or why it could not be read (a missing function fails the binding class's initialisation). */
    private static String version(Supplier<String> version) {
        try {
            return version.get();
        } catch (RuntimeException | LinkageError e) {
            return "(version unknown: " + messages(e) + ")";
        }
    }

    /** {@code major * 10000 + minor * 100 + patch} as {@code major.minor.patch}. */
    static String versionText(long version) {
        return version / 10000 + "." + version / 100 % 100 + "." + version % 100;
    }

    /** {@code major * 1000 + minor * 10} as {@code major.minor}. */
    static String cudaVersionText(long version) {
        return version / 1000 + "." + version % 1000 / 10;
    }

    private static String messages(Throwable e) {
        var text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) text.append(text.isEmpty() ? "" : "; ").append(t.getMessage());
        }
        return text.isEmpty() ? e.toString() : text.toString();
    }
}

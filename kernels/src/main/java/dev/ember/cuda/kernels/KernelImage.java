package dev.ember.cuda.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ember's compiled CUDA kernels as this jar carries them: one fatbin (sm_80 and sm_90 machine code and
 * compute_90 PTX) that engine-cuda loads as a single module, and the names of the kernels in it. Both are
 * resources that {@code kernels/build.sh} writes from {@code kernels/src/main/cuda}; the kernels' names and
 * parameters are {@code kernels/ABI.md}'s.
 *
 * <pre>{@code
 * byte[] image = KernelImage.fatbin();                // for cuModuleLoadData
 * boolean ok = KernelImage.names().contains("exp_f32");
 * }</pre>
 */
public final class KernelImage {
    /** The class-path folder of the resources. */
    public static final String RESOURCES = "/dev/ember/cuda/kernels/";

    private KernelImage() {}

    /** The fatbin's bytes, a new array each call. */
    public static byte[] fatbin() { return read("kernels.fatbin"); }

    /** The names of the kernels in the fatbin, in sorted order. */
    public static Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (String line : new String(read("kernels.index"), StandardCharsets.US_ASCII).split("\n")) {
            if (!line.isBlank()) names.add(line.strip());
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * Each kernel's parameter types as its PTX declares them, in order: {@code b8[72]} (a {@code Strided} struct),
     * {@code u64} (a pointer or {@code unsigned long long}), {@code u32} ({@code int}), {@code f64}
     * ({@code double}), {@code f32}.
     */
    public static Map<String, List<String>> parameters() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String line : new String(read("kernels.params"), StandardCharsets.US_ASCII).split("\n")) {
            if (line.isBlank()) continue;
            String[] parts = line.strip().split(" ", 2);
            params.put(parts[0], parts.length < 2 ? List.of() : List.of(parts[1].split(",")));
        }
        return Collections.unmodifiableMap(params);
    }

    private static byte[] read(String name) {
        String path = RESOURCES + name;
        try (InputStream in = KernelImage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("KernelImage: resource " + path + " is not on the class path;"
                        + " it is written by kernels/build.sh and packaged in the kernels jar (dev.ember:kernels)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("KernelImage: reading resource " + path, e);
        }
    }
}

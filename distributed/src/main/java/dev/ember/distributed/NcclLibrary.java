package dev.ember.distributed;

import java.util.ArrayList;
import java.util.List;

/** Where {@link Nccl} looks for {@code libnccl.so.2}, apart from it so that a missing library is reported before {@link Nccl} initialises. */
final class NcclLibrary {
    private NcclLibrary() {}

    static final String INSTALL = "install NCCL 2 (PyPI: nvidia-nccl-cu13, as PyTorch's CUDA wheels do) and put its "
            + "lib folder on LD_LIBRARY_PATH, or pass -Dember.nccl.library=/path/to/libnccl.so.2";

    /** {@code -Dember.nccl.library}, then {@code EMBER_NCCL_LIBRARY}, then {@code libnccl.so.2} for the system loader. */
    static List<String> files() {
        List<String> files = new ArrayList<>();
        String property = System.getProperty("ember.nccl.library");
        if (property != null && !property.isBlank()) files.add(property);
        String environment = System.getenv("EMBER_NCCL_LIBRARY");
        if (environment != null && !environment.isBlank()) files.add(environment);
        files.add("libnccl.so.2");
        return files;
    }

    /** Opens it, or throws {@link dev.ember.BackendUnavailableException} naming every file tried. */
    static NativeLibrary open() { return NativeLibrary.open("NCCL", files(), INSTALL); }
}

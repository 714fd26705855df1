package dev.ember.distributed;

import dev.ember.BackendUnavailableException;
import dev.ember.Device;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The NCCL binding without a GPU: a clear error where {@code libnccl.so.2} is missing, and where the real library and
 * {@code nccl.h} are unpacked ({@code distributed/unpack-nccl.sh}, run by {@code .ci/run}) every bound function
 * resolves, is declared in the header with the name bound, and the enum values and the unique id's size are the
 * header's. Collectives need a GPU and have never run.
 */
class NcclBindingTest {
    private static final Path NCCL = Path.of(System.getProperty("ember.test.nccl", "/opt/cudalibs/nvidia/nccl"));

    @Test
    void aMissingLibraryIsNamedWithWhatToInstall() {
        assumeTrue(!loadable("libnccl.so.2"), "libnccl.so.2 is on the loader's path here");
        String before = System.getProperty("ember.nccl.library");
        System.setProperty("ember.nccl.library", "/nonexistent/libnccl.so.2");
        try {
            var e = assertThrows(BackendUnavailableException.class, () -> NcclProcessGroup.init(null, Device.cuda(0)));
            assertTrue(e.getMessage().startsWith("NCCL is not available: none of [/nonexistent/libnccl.so.2, "), e.getMessage());
            assertTrue(e.getMessage().contains("libnccl.so.2] could be loaded") && e.getMessage().contains("nvidia-nccl-cu13"),
                    e.getMessage());
        } finally {
            if (before == null) System.clearProperty("ember.nccl.library");
            else System.setProperty("ember.nccl.library", before);
        }
    }

    @Test
    void onlyCudaDevices() {
        var e = assertThrows(dev.ember.DeviceMismatchException.class, () -> NcclProcessGroup.init(null, Device.CPU));
        assertEquals("NcclProcessGroup: NCCL runs on CUDA devices, got cpu (use MpiProcessGroup for CPU tensors)", e.getMessage());
    }

    @Test
    void everyBoundFunctionResolvesInTheRealLibraryAndMatchesNcclH() throws Exception {
        Path library = NCCL.resolve("lib/libnccl.so.2");
        Path header = NCCL.resolve("include/nccl.h");
        assumeTrue(Files.isRegularFile(library) && Files.isRegularFile(header),
                "no real NCCL in " + NCCL + " (distributed/unpack-nccl.sh unpacks it)");
        System.setProperty("ember.nccl.library", library.toString());
        String h = Files.readString(header);
        for (String function : Nccl.FUNCTIONS) {
            assertTrue(Pattern.compile("\\b" + function + "\\s*\\(").matcher(h).find(), function + " is not declared in nccl.h");
            assertTrue(Nccl.LIBRARY.symbols().find(function).isPresent(), function + " is not exported");
        }
        Map<String, Integer> values = Map.of("ncclSuccess", Nccl.ncclSuccess, "ncclInProgress", Nccl.ncclInProgress,
                "ncclSum", Nccl.ncclSum, "ncclMax", Nccl.ncclMax, "ncclMin", Nccl.ncclMin, "ncclAvg", Nccl.ncclAvg,
                "ncclUint8", Nccl.ncclUint8, "ncclInt32", Nccl.ncclInt32, "ncclInt64", Nccl.ncclInt64,
                "ncclFloat32", Nccl.ncclFloat32);
        values.forEach((name, value) -> assertEquals(value, enumValue(h, name), name));
        assertEquals(Nccl.ncclFloat64, enumValue(h, "ncclFloat64"));
        assertEquals(Nccl.ncclFloat16, enumValue(h, "ncclFloat16"));
        assertEquals(Nccl.ncclBfloat16, enumValue(h, "ncclBfloat16"));
        assertEquals(Nccl.NCCL_UNIQUE_ID_BYTES, enumValue(h, "NCCL_UNIQUE_ID_BYTES"));
        assertTrue(h.contains("typedef struct { char internal[NCCL_UNIQUE_ID_BYTES]; } ncclUniqueId;"));
        assertTrue(h.contains("ncclResult_t  ncclCommInitRank(ncclComm_t* comm, int nranks, ncclUniqueId commId, int rank);"),
                "ncclCommInitRank takes the unique id by value");
        // the two calls that need no GPU
        int version = Nccl.version();
        System.out.println("NCCL " + version + " at " + library);
        assertTrue(version >= 20000, "version " + version);
        assertEquals("invalid argument (run with NCCL_DEBUG=WARN for details)", Nccl.errorString(4));
        var e = assertThrows(NcclException.class, () -> Nccl.check("ncclAllReduce", 4));
        assertEquals("ncclAllReduce failed: ncclResult_t 4: invalid argument (run with NCCL_DEBUG=WARN for details)", e.getMessage());
    }

    /** {@code NAME = 7} in an enum or {@code #define NAME 7}. */
    private static int enumValue(String header, String name) {
        Matcher m = Pattern.compile("\\b" + name + "\\s*(?:=\\s*)?(\\d+)").matcher(header);
        assertTrue(m.find(), name + " not in nccl.h");
        return Integer.parseInt(m.group(1));
    }

    private static boolean loadable(String soname) {
        try {
            java.lang.foreign.SymbolLookup.libraryLookup(soname, java.lang.foreign.Arena.global());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

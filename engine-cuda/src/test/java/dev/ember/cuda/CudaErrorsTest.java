package dev.ember.cuda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Ember's table of {@code CUresult} codes, against the CUDA toolkit's own header where one is installed. */
class CudaErrorsTest {
    private static final Path CUDA_H = Path.of("/usr/local/cuda/include/cuda.h");
    /** Not marked sticky by cuda.h, but the device's memory can no longer be trusted after them (see CudaErrors). */
    private static final Map<Integer, String> STICKY_BY_EMBER = Map.of(214, "ECC_UNCORRECTABLE", 220,
            "NVLINK_UNCORRECTABLE");

    @Test
    void theErrorsThatEndAContextAreSticky() {
        for (int code : new int[] {700, 719, 716, 715, 714, 717, 718, 710, 702, 214}) {
            assertTrue(CudaErrors.isSticky(code), CudaErrors.knownName(code));
        }
        for (int code : new int[] {0, 1, 2, 101, 201, 209, 400, 500, 600, 701, 720, 801, 999}) {
            assertFalse(CudaErrors.isSticky(code), CudaErrors.knownName(code));
        }
    }

    @Test
    void namesNeedNoNativeLibrary() {
        assertEquals("CUDA_ERROR_ILLEGAL_ADDRESS", Driver.errorName(700));
        assertEquals("CUDA_ERROR_INVALID_VALUE", Driver.errorName(1));
        assertEquals("CUresult 12345", Driver.errorName(12345));
    }

    /**
     * Every name in the table is the header's, and the sticky ones are exactly those whose comment in cuda.h says
     * that the process is left in an inconsistent state, or the context cannot be used, or must be relaunched.
     */
    @Test
    void theTableMatchesCudaH() throws IOException {
        assumeTrue(Files.isRegularFile(CUDA_H), "no CUDA toolkit header at " + CUDA_H);
        String header = Files.readString(CUDA_H);
        String body = header.substring(header.indexOf("typedef enum cudaError_enum"), header.indexOf("} CUresult;"));
        Matcher entry = Pattern.compile("/\\*\\*(.*?)\\*/\\s*(CUDA_\\w+)\\s*=\\s*(\\d+)", Pattern.DOTALL).matcher(body);
        Map<Integer, String> names = new TreeMap<>();
        TreeSet<Integer> sticky = new TreeSet<>();
        while (entry.find()) {
            int code = Integer.parseInt(entry.group(3));
            names.put(code, entry.group(2));
            String doc = entry.group(1).replaceAll("\\s*\\*\\s*", " ").replaceAll("\\s+", " ");
            if (doc.contains("inconsistent state") || doc.contains("cannot be used")
                    || doc.contains("terminated and relaunched")) {
                sticky.add(code);
            }
        }
        assertTrue(names.size() > 100 && sticky.contains(700), "cuda.h not parsed: " + names.size() + " codes");
        CudaErrors.names().forEach((code, name) -> assertEquals(names.get(code), name, "CUresult " + code));
        for (int code : names.keySet()) {
            assertEquals(sticky.contains(code) || STICKY_BY_EMBER.containsKey(code), CudaErrors.isSticky(code),
                    names.get(code) + " (" + code + ")");
        }
    }
}

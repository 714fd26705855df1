package dev.ember.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.backend.UnaryOp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed fatbin is current: its stamp's hash is the hash of today's sources and flags (the same bytes
 * kernels/build.sh hashes), so this runs on any machine, with or without nvcc. And the image is whole: a
 * fatbin, an index of well-formed names, and every kernel kernels/ABI.md's table implies, no more.
 */
class KernelsCurrentTest {
    private static final Path SOURCES = Path.of("src/main/cuda");
    private static final Path FLAGS = Path.of("nvcc.flags");
    private static final Path STAMP = Path.of("src/main/resources/dev/ember/cuda/kernels/kernels.stamp");
    private static final String REBUILD = "run kernels/build.sh (it needs nvcc) and commit"
            + " kernels/src/main/resources/dev/ember/cuda/kernels/";

    @Test
    void stampHashesTodaysSourcesAndFlags() throws IOException {
        List<String> stamp = Files.readAllLines(STAMP, StandardCharsets.UTF_8);
        String flags = flags();
        assertEquals("flags " + flags, field(stamp, "flags"),
                "kernels.fatbin was built with other flags than kernels/nvcc.flags holds: " + REBUILD);
        assertEquals("sha256 " + sourcesHash(flags), field(stamp, "sha256"),
                "kernels.fatbin is older than kernels/src/main/cuda or kernels/nvcc.flags: " + REBUILD);
    }

    @Test
    void fatbinStartsWithTheFatbinMagic() {
        byte[] image = KernelImage.fatbin();
        assertTrue(image.length > 1024, "kernels.fatbin has only " + image.length + " bytes");
        // 0xBA55ED50, little-endian: what cuModuleLoadData recognises as a fatbin
        assertArrayEquals(new byte[] {0x50, (byte) 0xED, 0x55, (byte) 0xBA}, Arrays.copyOf(image, 4),
                "kernels.fatbin does not start with the fatbin magic 0xBA55ED50: " + REBUILD);
    }

    @Test
    void indexNamesAreWellFormed() {
        Set<String> names = KernelImage.names();
        assertFalse(names.isEmpty(), "kernels.index is empty: " + REBUILD);
        for (String name : names) {
            assertTrue(name.matches("[a-z0-9_]+"), "kernel name '" + name + "' in kernels.index is not [a-z0-9_]+");
        }
    }

    @Test
    void indexHoldsExactlyTheKernelsOfTheAbi() {
        Set<String> expected = AbiKernelNames.all();
        Set<String> actual = KernelImage.names();
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        assertTrue(missing.isEmpty(), missing.size() + " kernels of ABI.md's table are not in kernels.index: " + missing);
        assertTrue(extra.isEmpty(), extra.size() + " kernels in kernels.index are not in ABI.md's table"
                + " (add a row, and the rule to AbiKernelNames): " + extra);
    }

    /** ABI.md's integer unary ops are the ones the engine does not compute as float. */
    @Test
    void integerUnaryOpsAreTheEnginesNonFloatOps() {
        Set<UnaryOp> engine = Arrays.stream(UnaryOp.values())
                .filter(op -> !op.needsFloat() && op != UnaryOp.LOGICAL_NOT)
                .collect(Collectors.toSet());
        assertEquals(engine, AbiKernelNames.UNARY_ON_INTEGERS);
    }

    /** kernels/nvcc.flags as build.sh reads it: whitespace runs collapsed to one space. */
    private static String flags() throws IOException {
        return String.join(" ", Files.readString(FLAGS, StandardCharsets.UTF_8).strip().split("\\s+"));
    }

    /**
     * build.sh's hash input: for each file under src/main/cuda, sorted by its relative path, {@code "file PATH\n"},
     * its size in bytes and a newline, and its bytes; then {@code "flags FLAGS\n"}.
     */
    static String sourcesHash(String flags) throws IOException {
        MessageDigest sha = sha256();
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            walk.filter(Files::isRegularFile).forEach(p -> files.add(SOURCES.relativize(p).toString().replace('\\', '/')));
        }
        files.sort(null);
        for (String file : files) {
            assertTrue(StandardCharsets.US_ASCII.newEncoder().canEncode(file),
                    "source file names must be ASCII, so that Java and build.sh sort them alike: " + file);
            byte[] content = Files.readAllBytes(SOURCES.resolve(file));
            sha.update(("file " + file + "\n" + content.length + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(content);
        }
        sha.update(("flags " + flags + "\n").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String field(List<String> stamp, String key) {
        return stamp.stream().filter(l -> l.startsWith(key + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("kernels.stamp has no '" + key + "' line: " + REBUILD));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}

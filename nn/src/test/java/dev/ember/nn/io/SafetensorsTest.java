package dev.ember.nn.io;

import dev.ember.DType;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryEmberDtypeShapeAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[] {1.5f, -2f, 3.25f, Float.NaN, Float.NEGATIVE_INFINITY, 0f}, 2, 3));
        tensors.put("d", Tensor.of(new double[] {Math.PI, -1e-300}));
        tensors.put("i", Tensor.of(new int[] {Integer.MIN_VALUE, 7}));
        tensors.put("l", Tensor.of(new long[] {Long.MAX_VALUE, -3}));
        tensors.put("b", Tensor.of(new boolean[] {true, false, true}));
        tensors.put("s", Tensor.scalar(DType.FLOAT64, 0.25));
        tensors.put("e", Tensor.zeros(0, 4));
        Path file = dir.resolve("all.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "pt", "quote\"d", "line\nbreak é"));

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "data starts 8-byte aligned");

        Safetensors.Contents read = Safetensors.read(file);
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
        assertEquals(Map.of("format", "pt", "quote\"d", "line\nbreak é"), read.metadata());
        assertArrayEquals(tensors.get("w").toFloatArray(), read.tensors().get("w").toFloatArray());
        assertArrayEquals(new int[] {2, 3}, read.tensors().get("w").shape());
        assertArrayEquals(tensors.get("d").toDoubleArray(), read.tensors().get("d").toDoubleArray());
        assertArrayEquals(tensors.get("i").toIntArray(), read.tensors().get("i").toIntArray());
        assertArrayEquals(tensors.get("l").toLongArray(), read.tensors().get("l").toLongArray());
        assertArrayEquals(tensors.get("b").toBooleanArray(), read.tensors().get("b").toBooleanArray());
        assertEquals(0, read.tensors().get("s").rank());
        assertEquals(0.25, read.tensors().get("s").item());
        assertArrayEquals(new int[] {0, 4}, read.tensors().get("e").shape());
        for (String k : tensors.keySet()) assertEquals(tensors.get(k).dtype(), read.tensors().get(k).dtype(), k);
        assertEquals(SafetensorsDType.I64, read.storedAs().get("l"));
    }

    @Test
    void halfTensorsAreWrittenAndReadAsThemselvesBitForBit() throws IOException {
        Path file = dir.resolve("half.safetensors");
        short[] f16 = {0x3C00, (short) 0xC000, 0x7C00, 0x0001, 0x7E01, (short) 0x8000};   // a NaN payload too
        short[] bf16 = {0x3F80, (short) 0xBFC0, (short) 0xFF81};
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("h", Tensor.ofBits(DType.FLOAT16, f16, 2, 3));
        tensors.put("b", Tensor.ofBits(DType.BFLOAT16, bf16).reshape(3, 1).transpose(0, 1));   // a view: written row-major
        Safetensors.write(file, tensors);
        var read = Safetensors.read(file);
        assertEquals(SafetensorsDType.F16, read.storedAs().get("h"));
        assertEquals(SafetensorsDType.BF16, read.storedAs().get("b"));
        assertEquals(DType.FLOAT16, read.tensors().get("h").dtype());
        assertEquals(DType.BFLOAT16, read.tensors().get("b").dtype());
        assertArrayEquals(f16, read.tensors().get("h").toBits());
        assertArrayEquals(new int[] {2, 3}, read.tensors().get("h").shape());
        assertArrayEquals(bf16, read.tensors().get("b").toBits());
        assertEquals(8 + 2 * 6 + 2 * 3, Files.size(file) - headerLength(file));   // the length field, then 2 bytes each
    }

    @Test
    void narrowStorageTypesConvertAndRangeCheck() throws IOException {
        Path file = dir.resolve("narrow.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("h", Tensor.of(new float[] {0.5f, -2f, 65504f, 1f / 3}));
        tensors.put("bf", Tensor.of(new float[] {1f, -0.15625f, 1f / 3}));
        tensors.put("i8", Tensor.of(new long[] {-128, 127}));
        tensors.put("u8", Tensor.of(new int[] {0, 255}));
        tensors.put("i16", Tensor.of(new int[] {-32768, 32767}));
        Safetensors.write(file, tensors, Map.of(), Map.of("h", SafetensorsDType.F16, "bf", SafetensorsDType.BF16,
                "i8", SafetensorsDType.I8, "u8", SafetensorsDType.U8, "i16", SafetensorsDType.I16));
        assertEquals(8 + 2 * 4 + 2 * 3 + 2 + 2 + 4, Files.size(file) - headerLength(file));
        Map<String, Tensor> back = Safetensors.load(file);
        // torch.tensor([0.5, -2, 65504, 1/3], dtype=torch.float16).float() -> [0.5, -2.0, 65504.0, 0.333251953125]
        assertArrayEquals(new float[] {0.5f, -2f, 65504f, 0.333251953125f}, back.get("h").toFloatArray());
        // torch.tensor([1/3], dtype=torch.bfloat16).float() -> 0.333984375 (round to nearest even)
        assertArrayEquals(new float[] {1f, -0.15625f, 0.333984375f}, back.get("bf").toFloatArray());
        assertArrayEquals(new int[] {-128, 127}, back.get("i8").toIntArray());
        assertArrayEquals(new int[] {0, 255}, back.get("u8").toIntArray());
        assertArrayEquals(new int[] {-32768, 32767}, back.get("i16").toIntArray());

        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file,
                Map.of("x", Tensor.of(new int[] {256})), Map.of(), Map.of("x", SafetensorsDType.U8)));
        assertTrue(range.getMessage().contains("tensor 'x': value 256 does not fit in U8"), range.getMessage());
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file,
                Map.of("x", Tensor.of(new float[] {1})), Map.of(), Map.of("x", SafetensorsDType.I8)));
        assertTrue(kind.getMessage().contains("tensor 'x' of dtype float32 cannot be stored as I8"), kind.getMessage());
        assertArrayEquals(new int[] {-128, 127}, Safetensors.load(file).get("i8").toIntArray(), "failed writes left the file alone");
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFileWholeAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("a", Tensor.of(new float[] {1, 2, 3})));
        byte[] before = Files.readAllBytes(file);

        Tensor closed = Tensor.ones(1000);
        closed.close(); // reading its data throws, after the header and the first tensor were written
        Map<String, Tensor> failing = new LinkedHashMap<>();
        failing.put("a", Tensor.ones(1000));
        failing.put("b", closed);
        assertThrows(IllegalStateException.class, () -> Safetensors.write(file, failing));

        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void anInjectedFailureAfterPartialOutputLeavesTheTargetUntouched() throws IOException {
        Path file = dir.resolve("x.bin");
        Files.write(file, new byte[] {1, 2, 3});
        IOException boom = assertThrows(IOException.class, () -> AtomicFile.write(file, channel -> {
            channel.write(ByteBuffer.wrap(new byte[4096]));
            throw new IOException("disk full (injected)");
        }));
        assertEquals("disk full (injected)", boom.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
        AtomicFile.write(dir.resolve("sub/new.bin"), channel -> channel.write(ByteBuffer.wrap(new byte[] {9})));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(dir.resolve("sub/new.bin")));
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // the replacement gets ordinary permissions, not a temporary file's owner-only 0600
            Path plain = Files.createFile(dir.resolve("plain.bin"));
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(dir.resolve("sub/new.bin")));
        }
    }

    @Test
    void aSaveRemovesTheStaleTemporariesOfKilledWritersOfThatFileOnly() throws IOException {
        Path file = dir.resolve("x.bin");
        List<Path> stale = List.of(dir.resolve(".x.bin.1f2e3d4c5b6a7988.tmp"), dir.resolve(".x.bin.0.tmp"));
        List<Path> others = List.of(dir.resolve(".y.bin.1f2e3d4c5b6a7988.tmp"), dir.resolve(".x.bin.tmp"), dir.resolve("x.bin.1f2e.tmp"),
                dir.resolve(".x.bin.notahex.tmp"), dir.resolve(".x.bin.1f2e3d4c5b6a79880.tmp"), dir.resolve(".x.bin.1F2E.tmp"),
                dir.resolve(".x.bin.1f2e.tmp.keep"));
        for (Path p : stale) Files.write(p, new byte[] {1});
        for (Path p : others) Files.write(p, new byte[] {2});
        AtomicFile.write(file, channel -> channel.write(ByteBuffer.wrap(new byte[] {7})));
        for (Path p : stale) assertFalse(Files.exists(p), p + " should be gone");
        for (Path p : others) assertTrue(Files.exists(p), p + " belongs to no killed writer of x.bin");
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(file));
    }

    @Test
    void aSaveNeverRemovesTheTemporaryOfAWriteStillInProgress() throws IOException {
        Path file = dir.resolve("x.bin");
        // the outer write's temporary exists while the inner write of the same file completes and cleans up
        AtomicFile.write(file, outer -> {
            AtomicFile.write(file, inner -> inner.write(ByteBuffer.wrap(new byte[] {1})));
            outer.write(ByteBuffer.wrap(new byte[] {2}));
        });
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aTemporaryLockedByAnotherWriterIsLeftAlone() throws IOException {
        Path file = dir.resolve("x.bin");
        Path other = dir.resolve(".x.bin.abc.tmp");
        Files.write(other, new byte[] {1});
        try (FileChannel channel = FileChannel.open(other, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            AtomicFile.write(file, c -> c.write(ByteBuffer.wrap(new byte[] {7})));
            assertTrue(Files.exists(other), "a live writer's temporary was deleted");
        }
        AtomicFile.write(file, c -> c.write(ByteBuffer.wrap(new byte[] {8})));
        assertFalse(Files.exists(other), "once its writer is gone, the temporary is stale");
    }

    @Test
    void aFlippedBitAnywhereInAFileEmberWroteIsRefused() throws IOException {
        Path file = dir.resolve("c.safetensors");
        Safetensors.write(file, Map.of("w", Tensor.of(new float[] {1, 2, 3}), "n", Tensor.of(new long[] {4})), Map.of("note", "x"));
        byte[] whole = Files.readAllBytes(file);
        String header = new String(whole, 8, (int) headerLength(file), StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"ember.checksum\":\"crc32c\",\"ember.crc32c\":\""), header);
        assertEquals(Map.of("note", "x"), Safetensors.read(file).metadata());
        Path bad = dir.resolve("bad.safetensors");
        // the last data byte: a float's top byte, which no structural check can see
        byte[] flipped = whole.clone();
        flipped[flipped.length - 9] ^= 0x40;
        Files.write(bad, flipped);
        assertProblem(bad, "does not match its ember.crc32c checksum");
        // a digit of a metadata value and of the checksum itself
        int value = 8 + header.indexOf("\"x\"") + 1;
        int digit = 8 + header.indexOf("ember.crc32c\":\"") + "ember.crc32c\":\"".length();
        int key = 8 + header.indexOf("crc32c\":");
        int kind = 8 + header.indexOf("checksum\"");
        for (int at : new int[] {value, digit, key, kind}) {
            flipped = whole.clone();
            flipped[at] ^= 0x01;
            Files.write(bad, flipped);
            assertThrows(SafetensorsException.class, () -> Safetensors.read(bad));
        }
    }

    @Test
    void invalidJsonEscapesAreRefusedNamingTheEscape() throws IOException {
        String data = "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertProblem(file("{\"a\\u+06d\":{" + data, 8), "invalid \\u escape");
        assertProblem(file("{\"a\\u-06d\":{" + data, 8), "invalid \\u escape");
        assertProblem(file("{\"a\\u06\":{" + data, 8), "invalid \\u escape");
        assertProblem(file("{\"a\\u06", 8), "\\u escape");
        assertProblem(file("{\"a\\q\":{" + data, 8), "invalid escape '\\q'");
        assertProblem(file("{\"a\\ud800\":{" + data, 8), "surrogate");
        assertProblem(file("{\"a\\udc00\\ud800\":{" + data, 8), "surrogate");
        // a well-formed escape, surrogate pair included, still reads
        Path ok = file("{\"a\\u006d\\ud83d\\ude00\":{" + data, 8);
        assertEquals(java.util.Set.of("am\ud83d\ude00"), Safetensors.read(ok).tensors().keySet());
    }

    // ---- corrupt files ----

    private static final String GOOD_A = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    @Test
    void truncatedFilesAreRejectedNamingTheFile() throws IOException {
        Path file = dir.resolve("t.safetensors");
        Safetensors.write(file, Map.of("a", Tensor.ones(2, 3), "b", Tensor.ones(4)));
        byte[] whole = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 3));
        assertProblem(cut, "run past the end of the data");
        Files.write(cut, java.util.Arrays.copyOf(whole, 20));
        assertProblem(cut, "runs past the end of the file");
        Files.write(cut, new byte[] {1, 2, 3});
        assertProblem(cut, "shorter than the 8-byte header length");
    }

    @Test
    void everyHeaderAndOffsetProblemIsNamed() throws IOException {
        assertProblem(file("{" + GOOD_A, 8), "not valid JSON");
        assertProblem(file("[1,2]", 0), "does not start with '{'");
        assertProblem(file("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2), "unknown or unsupported dtype \"F8_E4M3\"");
        assertProblem(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "hold 8 bytes, but shape [3] of F32 needs 12");
        assertProblem(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,8]}}", 8), "not a list of non-negative");
        assertProblem(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8), "not an increasing pair");
        assertProblem(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12),
                "tensor 'b' [4, 12) overlaps tensor 'a'");
        assertProblem(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "bytes [0, 4) of the data belong to no tensor");
        assertProblem(file("{" + GOOD_A + "}", 11), "3 trailing bytes after the last tensor");
        assertProblem(file("{" + GOOD_A + ",\"a\":{}}", 8), "duplicate key \"a\"");
        assertProblem(file("{\"__metadata__\":{\"n\":1}," + GOOD_A + "}", 8), "value of \"n\" is not a string");
        assertProblem(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":1}}", 8), "unknown field \"extra\"");
        assertProblem(file("{\"a\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2, (byte) 1, (byte) 2), "a BOOL byte is neither 0 nor 1");
        assertProblem(withHeaderLength(Long.MAX_VALUE), "runs past the end of the file");
        assertProblem(withHeaderLength(-1), "header length 18446744073709551615 runs past the end");
    }

    private Path file(String header, int dataBytes, byte... data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).put(data);
        Path p = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    private Path withHeaderLength(long length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
        Path p = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    private static void assertProblem(Path file, String problem) {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a valid safetensors file: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    private static long headerLength(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}

package dev.ember.nn.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hostile IDX files: byte flips, truncation at every 1/50th, huge and zero dims, wrong magic, type and rank
 * bytes, trailing bytes, raw and gzipped, and the same damage done to the gzip bytes themselves. Each case
 * loads exactly what the file says (a raw file has no checksum, so a flipped data byte is data; a gzipped file
 * loads its original or nothing, its CRC-32 sees to that) or throws an {@link IdxFormatException} naming the
 * file and a known problem; any other exception, an OutOfMemoryError included, fails. Runs in nn's
 * {@code data-fuzz} execution, whose heap of 512 MiB makes an allocation the data cannot fill show.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)   // a hang guard, far above the seconds it takes
class IdxFuzzTest {
    private static final long SEED = 14;
    private static final Map<String, String> PROBLEMS = new LinkedHashMap<>();

    static {
        PROBLEMS.put("truncated", "truncated");
        PROBLEMS.put("bytes after the", "trailing bytes");
        PROBLEMS.put("not an IDX file", "bad magic");
        PROBLEMS.put("unknown IDX type code", "bad type code");
        PROBLEMS.put("IDX header says", "bad rank");
        PROBLEMS.put("more than an IDX dim can be", "dim over 2^31 - 1");
        PROBLEMS.put("more than 2 GiB is not supported", "over 2 GiB");
        PROBLEMS.put("corrupt gzip", "corrupt gzip");
    }

    @TempDir
    Path dir;
    private int caseNumber;

    @BeforeAll
    static void onlyInASmallHeap() {
        assumeTrue(Runtime.getRuntime().maxMemory() <= 600L << 20,
                "runs in nn's data-fuzz execution (-Xmx512m), where an allocation the data cannot fill shows as an OutOfMemoryError");
    }

    @Test
    void everyMutatedFileLoadsWhatItSaysOrIsRefusedNamingTheProblem() throws IOException {
        Random random = new Random(SEED);
        FuzzTally tally = new FuzzTally("IDX fuzz (seed " + SEED + ")");
        for (IdxData original : originals(random)) {
            byte[] raw = raw(original);
            for (byte[] mutant : rawMutants(raw, random)) {
                IdxData meant = decode(mutant);
                check(mutant, ".idx", meant, false, tally);
                check(gzip(mutant), ".idx.gz", meant, false, tally);
            }
            for (byte[] mutant : gzipMutants(gzip(raw), random)) check(mutant, ".idx.gz", original, true, tally);
        }
        System.out.println(tally);
        assertTrue(tally.cases() >= 1000, tally.toString());
    }

    /**
     * Reads {@code bytes} as a file and as a stream. {@code meant} is what they say (null: not a valid file);
     * with {@code orRefused}, refusing is also right (damage to gzip bytes that a checksum catches).
     */
    private void check(byte[] bytes, String suffix, IdxData meant, boolean orRefused, FuzzTally tally) throws IOException {
        Path file = dir.resolve("case-" + caseNumber++ + suffix);
        Files.write(file, bytes);
        String description = file.getFileName() + " (" + bytes.length + " bytes, expected " + (meant == null ? "a refusal" : meant) + ")";
        Outcome fromFile = outcome(() -> IdxReader.read(file), file.toString(), description);
        Outcome fromStream = outcome(() -> IdxReader.read(new ByteArrayInputStream(bytes), "stream"), "stream", description);
        assertEquals(fromFile.data == null, fromStream.data == null, description + ": file and stream disagree: " + fromFile + " / " + fromStream);
        if (fromFile.data != null) {
            assertNotNull(meant, description + ": loaded " + fromFile.data + " from a damaged file");
            assertEquals(meant, fromFile.data, description);
            assertEquals(meant, fromStream.data, description);
            tally.loaded();
        } else {
            assertTrue(meant == null || orRefused, description + ": a valid file was refused: " + fromFile.refusal.getMessage());
            tally.refused(fromFile.refusal.problem(), PROBLEMS, description);
        }
        Files.delete(file);
    }

    private record Outcome(IdxData data, IdxFormatException refusal) {
        @Override
        public String toString() { return data != null ? "loaded " + data : refusal.getMessage(); }
    }

    private interface Read {
        IdxData read() throws IOException;
    }

    private static Outcome outcome(Read read, String name, String description) {
        try {
            return new Outcome(read.read(), null);
        } catch (IdxFormatException e) {
            assertEquals(name, e.file(), description);
            assertEquals(name + ": " + e.problem(), e.getMessage(), description);
            return new Outcome(null, e);
        } catch (Throwable t) {
            throw new AssertionError(description + ": threw " + t + " rather than an IdxFormatException", t);
        }
    }

    private static List<IdxData> originals(Random random) throws IOException {
        List<IdxData> all = new ArrayList<>();
        all.add(new IdxData(IdxData.Type.UBYTE, new int[] {3, 7, 9}, bytes(random, 189)));
        all.add(new IdxData(IdxData.Type.BYTE, new int[] {150}, bytes(random, 150)));
        all.add(new IdxData(IdxData.Type.SHORT, new int[] {10, 6}, bytes(random, 120)));
        all.add(new IdxData(IdxData.Type.INT, new int[] {5, 2, 3}, bytes(random, 120)));
        all.add(new IdxData(IdxData.Type.FLOAT, new int[] {2, 2, 2, 2, 2}, bytes(random, 128)));
        all.add(new IdxData(IdxData.Type.DOUBLE, new int[] {16}, bytes(random, 128)));
        try (InputStream in = IdxFuzzTest.class.getResourceAsStream(FashionMnist.SAMPLE_RESOURCE + "t10k-labels-idx1-ubyte.gz")) {
            all.add(IdxReader.read(in, "t10k-labels"));                  // real labels, 1000 of them
        }
        return all;
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Damage done to a raw file (which may then be gzipped whole). */
    private static List<byte[]> rawMutants(byte[] raw, Random random) {
        List<byte[]> all = new ArrayList<>();
        int rank = raw[3];
        int header = 4 + 4 * rank;
        for (int i = 0; i < 40; i++) {                                   // one bit, half of them in the header
            byte[] m = raw.clone();
            int at = i % 2 == 0 ? random.nextInt(header) : random.nextInt(raw.length);
            m[at] ^= (byte) (1 << random.nextInt(8));
            all.add(m);
        }
        for (int i = 0; i < 10; i++) {                                   // 1 to 4 bytes overwritten
            byte[] m = raw.clone();
            int at = random.nextInt(raw.length);
            for (int k = 0; k < 1 + random.nextInt(4) && at + k < m.length; k++) m[at + k] = (byte) random.nextInt(256);
            all.add(m);
        }
        for (int k = 0; k < 50; k++) all.add(Arrays.copyOf(raw, (int) ((long) raw.length * k / 50)));
        int[] huge = {0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x40000000, 65536, 0, 1};
        for (int d = 0; d < rank; d++) {
            int dim = ByteBuffer.wrap(raw).getInt(4 + 4 * d);
            for (int value : huge) all.add(withInt(raw, 4 + 4 * d, value));
            all.add(withInt(raw, 4 + 4 * d, dim + 1));
            all.add(withInt(raw, 4 + 4 * d, dim * 2));
        }
        for (int value : new int[] {0x01, 0x80, 0x1F, 0xFF}) all.add(withByte(raw, 0, value));
        for (int value : new int[] {0x01, 0x08, 0x8B}) all.add(withByte(raw, 1, value));
        for (int code = 0; code < 256; code += 5) all.add(withByte(raw, 2, code));
        for (IdxData.Type t : IdxData.Type.values()) all.add(withByte(raw, 2, t.code));
        for (int value : new int[] {0, rank - 1, rank + 1, 8, 9, 0x7F, 0xFF}) all.add(withByte(raw, 3, value));
        for (int n : new int[] {1, 2, 7, 100, 4096}) {
            byte[] m = Arrays.copyOf(raw, raw.length + n);
            for (int i = raw.length; i < m.length; i++) m[i] = (byte) random.nextInt(256);
            all.add(m);
        }
        return all;
    }

    /** Damage done to the bytes of a gzipped file: whatever loads must be the original. */
    private static List<byte[]> gzipMutants(byte[] gz, Random random) throws IOException {
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < 45; i++) {                                   // a third in the header, a third in the trailer
            byte[] m = gz.clone();
            int at = switch (i % 3) {
                case 0 -> random.nextInt(10);
                case 1 -> gz.length - 1 - random.nextInt(8);
                default -> random.nextInt(gz.length);
            };
            m[at] ^= (byte) (1 << random.nextInt(8));
            all.add(m);
        }
        for (int k = 0; k < 50; k++) all.add(Arrays.copyOf(gz, (int) ((long) gz.length * k / 50)));
        for (int flag : new int[] {2, 4, 8, 16, 32, 64, 128}) all.add(withByte(gz, 3, gz[3] | flag));
        all.add(withByte(gz, 2, 7));                                      // compression method
        for (int n : new int[] {1, 8, 512}) all.add(Arrays.copyOf(gz, gz.length + n));
        byte[] second = gzip(new byte[] {1, 2, 3});
        byte[] twoMembers = Arrays.copyOf(gz, gz.length + second.length);
        System.arraycopy(second, 0, twoMembers, gz.length, second.length);
        all.add(twoMembers);
        return all;
    }

    private static byte[] withInt(byte[] b, int at, int value) {
        byte[] m = b.clone();
        ByteBuffer.wrap(m).putInt(at, value);
        return m;
    }

    private static byte[] withByte(byte[] b, int at, int value) {
        byte[] m = b.clone();
        m[at] = (byte) value;
        return m;
    }

    /** What a raw file says, by the IDX format's definition; null when it is not a valid IDX file. */
    private static IdxData decode(byte[] b) {
        if (b.length < 4 || b[0] != 0 || b[1] != 0) return null;
        IdxData.Type type = IdxData.Type.of(b[2] & 0xFF);
        int rank = b[3] & 0xFF;
        if (type == null || rank < 1 || rank > 8 || b.length < 4 + 4 * rank) return null;
        int[] dims = new int[rank];
        BigInteger bytes = BigInteger.valueOf(type.bytes);
        for (int i = 0; i < rank; i++) {
            dims[i] = ByteBuffer.wrap(b).getInt(4 + 4 * i);
            if (dims[i] < 0) return null;
            bytes = bytes.multiply(BigInteger.valueOf(dims[i]));
        }
        if (!bytes.equals(BigInteger.valueOf(b.length - 4 - 4L * rank))) return null;
        return new IdxData(type, dims, Arrays.copyOfRange(b, 4 + 4 * rank, b.length));
    }

    private static byte[] raw(IdxData idx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IdxWriter.write(out, idx);
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(bytes);
        }
        return out.toByteArray();
    }
}

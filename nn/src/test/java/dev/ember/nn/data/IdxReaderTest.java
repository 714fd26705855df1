package dev.ember.nn.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static IdxData ubytes() {
        byte[] data = new byte[2 * 3 * 4];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 11);   // up to 253: tests the unsigned read
        return new IdxData(IdxData.Type.UBYTE, new int[] {2, 3, 4}, data);
    }

    @Test
    void roundTripsRawAndGzippedFilesOfEveryType() throws IOException {
        ByteBuffer f = ByteBuffer.allocate(12).putFloat(1.5f).putFloat(-2f).putFloat(1e-3f);
        ByteBuffer d = ByteBuffer.allocate(16).putDouble(Math.PI).putDouble(-0.25);
        ByteBuffer s = ByteBuffer.allocate(6).putShort((short) -300).putShort((short) 7).putShort((short) 32000);
        ByteBuffer n = ByteBuffer.allocate(8).putInt(-70000).putInt(123456789);
        IdxData[] all = {
            ubytes(),
            new IdxData(IdxData.Type.BYTE, new int[] {3}, new byte[] {-5, 0, 127}),
            new IdxData(IdxData.Type.SHORT, new int[] {3, 1}, s.array()),
            new IdxData(IdxData.Type.INT, new int[] {2}, n.array()),
            new IdxData(IdxData.Type.FLOAT, new int[] {1, 3}, f.array()),
            new IdxData(IdxData.Type.DOUBLE, new int[] {2}, d.array()),
        };
        for (IdxData idx : all) {
            for (String name : new String[] {"a.idx", "a.idx.gz"}) {
                Path p = dir.resolve(name);
                IdxWriter.write(p, idx);
                assertEquals(name.endsWith(".gz"), (Files.readAllBytes(p)[0] & 0xFF) == 0x1F, name);
                assertEquals(idx, IdxReader.read(p), idx + " via " + name);
            }
        }
        assertArrayEquals(new double[] {-300, 7, 32000}, all[2].toTensor().to(dev.ember.DType.FLOAT64).toDoubleArray());
        assertArrayEquals(new long[] {-70000, 123456789}, all[3].toLongTensor().toLongArray());
        assertArrayEquals(new float[] {1.5f, -2f, 1e-3f}, all[4].toTensor().toFloatArray());
        assertArrayEquals(new double[] {Math.PI, -0.25}, all[5].toTensor().toDoubleArray());
        assertArrayEquals(new long[] {-5, 0, 127}, all[1].toLongTensor().toLongArray());
    }

    @Test
    void unsignedBytesScaleToFloatsAndKeepTheirDims() throws IOException {
        Path p = dir.resolve("x.gz");
        IdxWriter.write(p, ubytes());
        var t = IdxReader.read(p).toFloatTensor(1.0 / 255);
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        assertEquals(253 / 255f, t.toFloatArray()[23], 1e-7);
        assertEquals(11 / 255f, t.toFloatArray()[1], 1e-7);
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

    private static String failure(byte[] file) {
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(new ByteArrayInputStream(file), "bad.idx"));
        assertEquals("bad.idx", e.file());
        assertEquals("bad.idx: " + e.problem(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void truncatedFilesAreRejectedSayingHowMuchIsMissing() throws IOException {
        byte[] whole = raw(ubytes());                        // 4 + 3*4 header bytes, then 24 data bytes
        assertEquals("bad.idx: truncated: dims [2, 3, 4] of UBYTE need 24 bytes of data, the file has 20",
                failure(Arrays.copyOf(whole, whole.length - 4)));
        assertTrue(failure(Arrays.copyOf(whole, 10)).contains("ends inside the IDX header"));
        assertTrue(failure(new byte[0]).contains("ends inside the IDX header"));

        byte[] gz = gzip(whole);
        String cut = failure(Arrays.copyOf(gz, gz.length - 12));   // data and trailer partly gone
        assertTrue(cut.contains("truncated"), cut);
        String trailer = failure(Arrays.copyOf(gz, gz.length - 4)); // only the trailer's length field gone
        assertTrue(trailer.contains("truncated") || trailer.contains("corrupt"), trailer);
    }

    @Test
    void corruptHeadersAndLengthsAreRejected() throws IOException {
        byte[] whole = raw(ubytes());
        byte[] magic = whole.clone();
        magic[0] = 0x12;
        assertTrue(failure(magic).contains("magic number 0x12000803"), failure(magic));
        byte[] type = whole.clone();
        type[2] = 0x0A;
        assertTrue(failure(type).contains("unknown IDX type code 0x0A"), failure(type));
        byte[] rank = whole.clone();
        rank[3] = 0;
        assertTrue(failure(rank).contains("0 dims"), failure(rank));
        byte[] longer = Arrays.copyOf(whole, whole.length + 5);
        assertTrue(failure(longer).contains("5 bytes after the 24 bytes of data"), failure(longer));
        byte[] dims = whole.clone();
        dims[7] = 5;                                          // first dim 2 -> 5: data now too short
        assertTrue(failure(dims).contains("dims [5, 3, 4] of UBYTE need 60 bytes of data, the file has 24"), failure(dims));

        byte[] gz = gzip(whole);
        gz[gz.length / 2] ^= 0x5A;                            // a flipped byte inside the deflate stream
        assertNotNull(failure(gz));
    }

    /** Bytes this thread allocates while {@code read} runs: HotSpot counts every allocation, failed or not. */
    private static long allocatedBy(org.junit.jupiter.api.function.Executable read) {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        IdxFormatException e = assertThrows(IdxFormatException.class, read);
        assertTrue(e.getMessage().contains("truncated: dims [85983234, 3, 4] of UBYTE need 1031798808 bytes of data, the file has 24"),
                e.getMessage());
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void aFlippedBitInTheDimsAllocatesNoMoreThanTheDataHolds() throws IOException {
        byte[] small = raw(ubytes());                        // dims [2, 3, 4]: 16 + 24 bytes
        small[4] ^= 0x05;
        small[5] ^= 0x20;                                     // dim 0: 2 -> 0x05200002, so 1.03 GB of data claimed
        Path plain = dir.resolve("flipped.idx");
        Files.write(plain, small);
        Path gz = dir.resolve("flipped.idx.gz");
        Files.write(gz, gzip(small));
        long limit = 8 << 20;                                 // buffers and messages; not the 1 GB the header claims
        assertTrue(allocatedBy(() -> IdxReader.read(plain)) < limit, "plain file");
        assertTrue(allocatedBy(() -> IdxReader.read(gz)) < limit, "gzipped file");
        assertTrue(allocatedBy(() -> IdxReader.read(new ByteArrayInputStream(small), "stream")) < limit, "stream");
    }

    @Test
    void bytesAfterTheGzipStreamAreRefused() throws IOException {
        byte[] gz = gzip(raw(ubytes()));
        byte[] garbage = Arrays.copyOf(gz, gz.length + 3);
        garbage[gz.length] = 7;
        String extra = failure(garbage);
        assertTrue(extra.contains("3 bytes after the end of the gzip stream"), extra);
        byte[] twoMembers = Arrays.copyOf(gz, gz.length + gzip(new byte[0]).length);
        System.arraycopy(gzip(new byte[0]), 0, twoMembers, gz.length, gzip(new byte[0]).length);
        String second = failure(twoMembers);
        assertTrue(second.contains("bytes after the end of the gzip stream"), second);
    }

    @Test
    void aRawFilesSizeIsCheckedAgainstItsDimsBeforeReading() throws IOException {
        byte[] whole = raw(ubytes());
        Path p = dir.resolve("x.idx");
        Files.write(p, Arrays.copyOf(whole, whole.length - 4));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertEquals(p + ": truncated: dims [2, 3, 4] of UBYTE need 24 bytes of data, the file has 20", e.getMessage());
        Files.write(p, Arrays.copyOf(whole, whole.length + 2));
        e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertEquals(p + ": 2 bytes after the 24 bytes of data that dims [2, 3, 4] of UBYTE describe (wrong dims or a corrupt file)",
                e.getMessage());
        byte[] huge = whole.clone();
        huge[3] = 8;                                          // 8 dims: [2, 3, 4] and five read from the data
        Arrays.fill(huge, 16, 36, (byte) 0x7F);
        Files.write(p, huge);
        e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("need more than 2^63 bytes of data, the file has 4"), e.getMessage());
    }

    @Test
    void dimsWhoseProductOverflowsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new IdxData(IdxData.Type.UBYTE, new int[] {65536, 65536, 65536, 65536}, new byte[0]));
        assertTrue(e.getMessage().contains("[65536, 65536, 65536, 65536]"), e.getMessage());
    }

    @Test
    void aMissingFileNamesItself() {
        Path p = dir.resolve("nope.idx.gz");
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("nope.idx.gz"), e.getMessage());
    }
}

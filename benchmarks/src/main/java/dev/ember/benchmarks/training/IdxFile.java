package dev.ember.benchmarks.training;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A gzip'ed IDX file of unsigned bytes (the MNIST and Fashion-MNIST format: a 4-byte magic {@code 0 0 8 dims},
 * then each dim as a big-endian int32, then the values). Deliberately minimal, for the epoch benchmark only:
 * the data sets module that comes with {@code nn} is to have the proper reader.
 */
record IdxFile(int[] shape, byte[] values) {
    private static final int UNSIGNED_BYTE = 0x08;

    static IdxFile read(Path path) throws IOException {
        try (InputStream raw = Files.newInputStream(path);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            int type = (magic >> 8) & 0xff;
            int dims = magic & 0xff;
            if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dims < 1) {
                throw new IOException(path + ": not an IDX file of unsigned bytes (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int[] shape = new int[dims];
            long count = 1;
            for (int i = 0; i < dims; i++) {
                shape[i] = in.readInt();
                count *= shape[i];
            }
            if (count > Integer.MAX_VALUE) throw new IOException(path + ": " + count + " values is too many for one array");
            byte[] values = new byte[(int) count];
            in.readFully(values);
            return new IdxFile(shape, values);
        }
    }

    /** Number of items: the first dim. */
    int items() {
        return shape[0];
    }

    /** Values per item: the product of the other dims. */
    int itemSize() {
        int size = 1;
        for (int i = 1; i < shape.length; i++) size *= shape[i];
        return size;
    }
}

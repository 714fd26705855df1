package dev.ember.cuda;

import dev.ember.DType;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chunk schedule of {@link HostTransfers} on a fake stream: copies are queued and run only when the host
 * waits, reading or writing their buffer at that moment, as a real DMA copy would. So a buffer refilled (or read)
 * before its copy was waited for corrupts the data and fails the round trips below, and the recorded calls show
 * that only each buffer's own copy is waited for, never the whole stream.
 */
class HostTransfersTest {
    private static final long BASE = 4096;   // the fake device's first address

    /** Two buffers, a device of {@code deviceBytes}, and a stream that runs its queue only when waited on. */
    private static final class FakeStaging implements Staging {
        final List<String> calls = new ArrayList<>();
        final MemorySegment[] buffers;
        final MemorySegment device;
        private final Deque<Runnable> stream = new ArrayDeque<>();
        private final Deque<Integer> markers = new ArrayDeque<>();   // the buffer each queued copy marks

        FakeStaging(long chunk, long deviceBytes) {
            buffers = new MemorySegment[] {aligned(chunk), aligned(chunk)};
            device = aligned(deviceBytes);
        }

        /** Heap memory aligned for every element type, as pinned and device memory are. */
        private static MemorySegment aligned(long bytes) {
            return MemorySegment.ofArray(new long[(int) ((bytes + 7) / 8)]);
        }

        private static String name(int which) { return which == 0 ? "A" : "B"; }

        @Override public MemorySegment buffer(int which) { return buffers[which]; }

        @Override public void makeCurrent() {}

        @Override
        public void toDevice(int which, long address, long bytes) {
            calls.add("copy " + name(which));
            MemorySegment from = buffers[which];
            stream.add(() -> MemorySegment.copy(from, 0, device, address - BASE, bytes));
            markers.add(which);
        }

        @Override
        public void toHost(int which, long address, long bytes) {
            calls.add("copy " + name(which));
            MemorySegment to = buffers[which];
            stream.add(() -> MemorySegment.copy(device, address - BASE, to, 0, bytes));
            markers.add(which);
        }

        @Override
        public void await(int which) {
            calls.add("wait " + name(which));
            if (!markers.contains(which)) return;   // already done
            while (true) {   // the stream runs in order up to this buffer's last copy
                stream.poll().run();
                int done = markers.poll();
                if (done == which && !markers.contains(which)) return;
            }
        }

        @Override
        public void synchronize() {
            calls.add("synchronize");
            while (!stream.isEmpty()) stream.poll().run();
            markers.clear();
        }
    }

    @Test
    void a20MegabyteUploadWaitsOnlyForTheBufferItRefills() {
        float[] data = new float[5 << 20];   // 20 MiB: chunks of 8, 8 and 4 MiB
        Random random = new Random(3);
        for (int i = 0; i < data.length; i++) data[i] = random.nextFloat();
        FakeStaging staging = new FakeStaging(HostTransfers.CHUNK, 20L << 20);
        HostTransfers transfers = new HostTransfers(staging, HostTransfers.CHUNK);

        transfers.upload(data, BASE);

        assertEquals(List.of("copy A", "copy B", "wait A", "copy A", "wait A"), staging.calls);
        float[] onDevice = new float[data.length];
        MemorySegment.copy(staging.device, java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, onDevice, 0, data.length);
        assertArrayEquals(data, onDevice);

        staging.calls.clear();
        assertArrayEquals(data, (float[]) transfers.download(BASE, DType.FLOAT32, data.length));
        assertEquals(List.of("copy A", "copy B", "wait A", "copy A", "wait B", "wait A"), staging.calls);
    }

    @Test
    void roundTripsOfEveryTypeAndChunkCount() {
        long chunk = 64;
        Random random = new Random(11);
        for (int n : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 33, 100, 257}) {
            for (DType t : DType.values()) {
                FakeStaging staging = new FakeStaging(chunk, 8L * n);
                HostTransfers transfers = new HostTransfers(staging, chunk);
                Object data = values(t, n, random);
                transfers.upload(data, BASE);
                Object back = transfers.download(BASE, t, n);
                String what = t + " x " + n;
                switch (data) {
                    case float[] a -> assertArrayEquals(a, (float[]) back, what);
                    case double[] a -> assertArrayEquals(a, (double[]) back, what);
                    case int[] a -> assertArrayEquals(a, (int[]) back, what);
                    case long[] a -> assertArrayEquals(a, (long[]) back, what);
                    case boolean[] a -> assertArrayEquals(a, (boolean[]) back, what);
                    case short[] a -> assertArrayEquals(a, (short[]) back, what);
                    case char[] a -> assertArrayEquals(a, (char[]) back, what);
                    default -> throw new IllegalStateException();
                }
                long waitsForAll = staging.calls.stream().filter("synchronize"::equals).count();
                assertEquals(n == 0 ? 1 : 0, waitsForAll, what + ": " + staging.calls);
            }
        }
    }

    private static Object values(DType t, int n, Random random) {
        return switch (t) {
            case FLOAT32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = random.nextFloat(); yield a; }
            case FLOAT64 -> { double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = random.nextDouble(); yield a; }
            case INT32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = random.nextInt(); yield a; }
            case INT64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = random.nextLong(); yield a; }
            case BOOL -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = random.nextBoolean(); yield a; }
            case FLOAT16 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = (short) random.nextInt(); yield a; }
            case BFLOAT16 -> { char[] a = new char[n]; for (int i = 0; i < n; i++) a[i] = (char) random.nextInt(); yield a; }
        };
    }
}

package dev.ember.cpu;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.backend.Storage;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool of released CPU arrays ({@link CpuArrayPool}): what it reuses, its bound, its thread safety, that reuse
 * changes no result bit, and that a closed tensor cannot reach the array its storage gave back.
 */
class CpuArrayPoolTest {
    private static final int FLOATS = 16_384;   // 64 KiB, above MIN_BYTES

    @Test
    void aReleasedStorageArrayServesTheNextAllocationOfItsDtypeAndLength() {
        CpuArrayPool pool = new CpuArrayPool(1 << 20);
        CpuBackend backend = new CpuBackend(false, pool);
        CpuStorage first = CpuStorage.of(backend.allocate(DType.FLOAT32, FLOATS));
        ((float[]) first.array)[5] = 3f;
        first.release();
        assertNull(pool.take(DType.FLOAT32, FLOATS + 1), "another length");
        assertNull(pool.take(DType.INT32, FLOATS), "another dtype of the same byte size");
        CpuStorage again = CpuStorage.of(backend.allocate(DType.FLOAT32, FLOATS));
        assertSame(first.array, again.array);
        assertEquals(3f, ((float[]) again.array)[5], "allocate does not clear: the kernel writes all of it");
        again.release();
        CpuStorage zeros = CpuStorage.of(backend.zeros(DType.FLOAT32, FLOATS));
        assertSame(first.array, zeros.array);
        assertArrayEquals(new float[FLOATS], (float[]) zeros.array, "zeros clears a reused array");
        assertEquals(2, pool.hits());
    }

    @Test
    void releasingTwiceReturnsTheArrayOnce() {
        CpuArrayPool pool = new CpuArrayPool(1 << 20);
        Storage s = new CpuBackend(false, pool).allocate(DType.FLOAT64, FLOATS);
        s.release();
        s.release();
        assertNotNull(pool.take(DType.FLOAT64, FLOATS));
        assertNull(pool.take(DType.FLOAT64, FLOATS), "one array must never serve two storages");
    }

    @Test
    void poisonedAllocationsPoisonReusedArraysToo() {
        CpuArrayPool pool = new CpuArrayPool(1 << 20);
        CpuBackend backend = new CpuBackend(true, pool);
        backend.zeros(DType.FLOAT32, FLOATS).release();
        float[] reused = (float[]) CpuStorage.of(backend.allocate(DType.FLOAT32, FLOATS)).array;
        assertEquals(1, pool.hits());
        for (float v : reused) assertTrue(Float.isNaN(v));
    }

    @Test
    void holdsAtMostItsCapacityDroppingTheLeastRecentlyUsedSizesFirst() {
        long arrayBytes = FLOATS * 4L;
        CpuArrayPool pool = new CpuArrayPool(3 * arrayBytes + 100);
        for (int i = 0; i < 4; i++) pool.give(DType.FLOAT32, new float[FLOATS - i]);   // sizes A, B, C, D
        assertTrue(pool.pooledBytes() <= pool.capacityBytes(), pool.pooledBytes() + " bytes pooled");
        assertNull(pool.take(DType.FLOAT32, FLOATS), "A, the least recently used size, went first");
        assertNotNull(pool.take(DType.FLOAT32, FLOATS - 3));
        pool.give(DType.FLOAT32, new float[4 * FLOATS]);
        assertNull(pool.take(DType.FLOAT32, 4 * FLOATS), "an array larger than the whole pool is not kept");
        pool.give(DType.FLOAT32, new float[100]);
        assertNull(pool.take(DType.FLOAT32, 100), "arrays under MIN_BYTES are left to the JVM");
        pool.capacityBytes(0);
        assertEquals(0, pool.pooledBytes(), "capacity 0 turns pooling off and empties the pool");
        pool.give(DType.FLOAT32, new float[FLOATS]);
        assertEquals(0, pool.pooledBytes());
    }

    @Test
    void threadsNeverShareAnArray() throws Exception {
        CpuArrayPool pool = new CpuArrayPool(8L * FLOATS * 4);
        CpuBackend backend = new CpuBackend(false, pool);
        int threads = 4, rounds = 400;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(executor.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        CpuStorage s = CpuStorage.of(backend.allocate(DType.INT32, FLOATS + (r % 3)));
                        int[] a = (int[]) s.array;
                        int mark = id * rounds + r;
                        java.util.Arrays.fill(a, mark);
                        Thread.yield();
                        for (int v : a) if (v != mark) throw new AssertionError("an array was lent to two storages");
                        s.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            executor.shutdown();
        }
        assertEquals((long) threads * rounds, pool.hits() + pool.misses());
        assertTrue(pool.hits() > 0, "the threads reused arrays");
        assertTrue(pool.pooledBytes() <= pool.capacityBytes());
    }

    @Test
    void aClosedTensorCannotReadTheArrayItsStorageGaveBack() {
        Tensor closed = Tensor.randn(128, 128);
        Object array = CpuStorage.of(closed.storage()).array;
        Tensor view = closed.reshape(-1);
        closed.close();
        Tensor other = Tensor.randn(128, 128);
        assertTrue(CpuStorage.of(other.storage()).array != array, "an open view still holds the storage");
        view.close();
        Tensor reusing = Tensor.ones(128, 128);
        assertSame(array, CpuStorage.of(reusing.storage()).array, "the released array serves the next tensor");
        assertThrows(IllegalStateException.class, closed::toFloatArray);
        assertThrows(IllegalStateException.class, view::toFloatArray);
        assertThrows(IllegalStateException.class, () -> closed.add(1.0));
        assertThrows(IllegalStateException.class, () -> closed.reshape(-1));
        assertThrows(IllegalStateException.class, closed::storage);
        for (float v : reusing.toFloatArray()) assertEquals(1f, v);
        other.close();
        reusing.close();
    }

    @Test
    void poisonedStoragesArePoisonedOnReleaseSoAStaleReadShowsGarbage() {
        CpuArrayPool pool = new CpuArrayPool(1 << 20);
        CpuBackend backend = new CpuBackend(true, pool);
        for (int length : new int[] {10, FLOATS}) {   // under MIN_BYTES (left to the JVM) and pooled
            CpuStorage s = CpuStorage.of(backend.zeros(DType.FLOAT32, length));
            float[] a = (float[]) s.array;
            java.util.Arrays.fill(a, 2f);
            s.release();
            for (float v : a) assertTrue(Float.isNaN(v), "length " + length);
        }
        CpuStorage ints = CpuStorage.of(backend.zeros(DType.INT64, 10));
        ints.release();
        for (long v : (long[]) ints.array) assertEquals(Long.MAX_VALUE, v);
    }

    @Test
    void anArrayThatAGraphStillNeedsIsNeverLent() {
        Generator g = new Generator(5);
        Tensor x = g.randn(128, 128).requiresGrad(true);
        Tensor y = x.mul(2.0);
        Tensor flat = y.reshape(-1);
        Tensor loss = flat.mul(flat).sum();   // the graph saves flat, a view of y's storage
        Object array = CpuStorage.of(y.storage()).array;
        y.close();                            // flat still holds the storage
        List<Tensor> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Tensor other = Tensor.full(7.0, 128, 128);
            assertTrue(CpuStorage.of(other.storage()).array != array, "a saved view's array was lent");
            others.add(other);
        }
        loss.backward();
        float[] xs = x.toFloatArray(), grad = x.grad().toFloatArray();
        for (int i = 0; i < xs.length; i++) assertEquals(8 * xs[i], grad[i], "d/dx sum((2x)^2) at " + i);

        Tensor y2 = x.mul(3.0);
        Tensor flat2 = y2.reshape(-1);
        Tensor loss2 = flat2.mul(flat2).sum();
        Object array2 = CpuStorage.of(y2.storage()).array;
        y2.close();
        flat2.close();                        // every handle closed: the array goes back, the graph cannot use it
        Tensor reusing = Tensor.full(7.0, 128, 128);
        assertSame(array2, CpuStorage.of(reusing.storage()).array);
        assertThrows(IllegalStateException.class, () -> loss2.backward());
        for (float v : reusing.toFloatArray()) assertEquals(7f, v, "a failed backward wrote into a reused array");
        for (Tensor t : others) for (float v : t.toFloatArray()) assertEquals(7f, v);
        reusing.close();
        others.forEach(Tensor::close);
    }

    @Test
    void anUnclosedTensorsArrayIsLeftToTheGarbageCollector() throws Exception {
        WeakReference<Object> array = unclosed();
        for (int i = 0; i < 50 && array.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(array.get(), "the pool must hold no reference to an array it lent");
    }

    private static WeakReference<Object> unclosed() {
        Tensor t = Tensor.randn(256, 256);
        return new WeakReference<>(CpuStorage.of(t.storage()).array);
    }

    @Test
    void trainingStepsGiveTheSameBitsWithThePoolOnAndOff() {
        CpuArrayPool pool = CpuArrayPool.SHARED;
        long capacity = pool.capacityBytes();
        try {
            pool.capacityBytes(0);
            int[] off = train();
            pool.capacityBytes(Math.max(capacity, 64L << 20));
            pool.clear();
            long hits = pool.hits();
            int[] on = train();
            assertTrue(pool.hits() - hits >= 5, "steps after the first reused arrays: " + (pool.hits() - hits));
            assertArrayEquals(off, on);
        } finally {
            pool.capacityBytes(capacity);
        }
    }

    /** Three SGD steps of a small CNN, each in a memory scope; the float bits of the weights and the last loss. */
    private static int[] train() {
        Generator g = new Generator(7);
        Tensor x = g.randn(16, 2, 12, 12);
        Tensor targets = g.randn(16, 10).softmax(1);
        Tensor w1 = g.randn(8, 2, 3, 3).mul(0.3).requiresGrad(true);
        Tensor w2 = g.randn(8 * 5 * 5, 10).mul(0.1).requiresGrad(true);
        float loss = 0;
        for (int step = 0; step < 3; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor h = x.conv2d(w1, null, 1, 0).relu().maxPool2d(2).flatten(1);
                Tensor value = h.matmul(w2).logSoftmax(1).mul(targets).sum().neg();
                value.backward();
                loss = (float) value.item();
                try (var noGrad = Autograd.noGrad()) {
                    for (Tensor w : List.of(w1, w2)) {
                        Tensor grad = w.grad();
                        w.subInPlace(grad.mul(0.05));
                        w.zeroGrad();
                        grad.close();
                    }
                }
            }
        }
        float[] a = w1.toFloatArray(), b = w2.toFloatArray();
        int[] bits = new int[a.length + b.length + 1];
        for (int i = 0; i < a.length; i++) bits[i] = Float.floatToRawIntBits(a[i]);
        for (int i = 0; i < b.length; i++) bits[a.length + i] = Float.floatToRawIntBits(b[i]);
        bits[bits.length - 1] = Float.floatToRawIntBits(loss);
        return bits;
    }
}

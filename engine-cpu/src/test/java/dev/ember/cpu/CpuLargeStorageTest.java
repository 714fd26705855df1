package dev.ember.cpu;

import dev.ember.DType;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native memory of a {@link CpuLargeStorage} (a small one: the size does not change how it is freed) goes back at
 * once on release, and without a release once the storage is unreachable (its {@link java.lang.ref.Cleaner}).
 */
class CpuLargeStorageTest {

    @Test
    void releaseFreesTheMemoryAtOnceAndLaterAccessThrowsInsteadOfReadingFreedMemory() {
        CpuLargeStorage s = CpuLargeStorage.allocate(DType.INT32, 1000);
        assertEquals(0, s.segment().getAtIndex(ValueLayout.JAVA_INT, 999));   // zeroed
        assertEquals(0, s.segment().address() % 64);
        s.release();
        assertFalse(s.segment().scope().isAlive());
        assertThrows(IllegalStateException.class, () -> s.segment().getAtIndex(ValueLayout.JAVA_INT, 0));
        s.release();   // a second release is a no-op
    }

    @Test
    void anUnreachableStorageIsFreedByTheCleaner() throws InterruptedException {
        MemorySegment.Scope scope = unreleased();
        for (int i = 0; i < 200 && scope.isAlive(); i++) {   // at most 10 s; one or two collections suffice
            System.gc();
            Thread.sleep(50);
        }
        assertFalse(scope.isAlive(), "the storage's memory was not freed after it became unreachable");
    }

    /** A storage dropped without release; only its memory's scope, which does not hold the storage, is kept. */
    private static MemorySegment.Scope unreleased() {
        CpuLargeStorage s = CpuLargeStorage.allocate(DType.FLOAT64, 4096);
        assertTrue(s.segment().scope().isAlive());
        return s.segment().scope();
    }
}

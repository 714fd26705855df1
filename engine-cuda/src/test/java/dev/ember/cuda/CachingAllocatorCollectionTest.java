package dev.ember.cuda;

import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocks that belong to an owner ({@link CachingAllocator#allocateOwned}) come back when the owner becomes
 * unreachable, and a full device asks for a collection before it gives up: what it frees is used, what is still
 * reachable is not touched, the allocator's lock is free while it waits, and an explicit release is never
 * followed by a second free from the cleaner.
 */
class CachingAllocatorCollectionTest {
    private static final long KiB = 1024, MiB = 1024 * KiB;

    /** Takes a block for an owner that nothing references once this returns. */
    private static void allocateForDroppedOwner(CachingAllocator allocator, long bytes) {
        allocator.allocateOwned(new Object(), bytes, 0);
    }

    /** Collects until the cleaner has freed {@code n} blocks; bounded, so a cleaner that never runs fails the test. */
    private static void awaitCollected(CachingAllocator allocator, long n) throws InterruptedException {
        for (int i = 0; i < 200 && allocator.stats().blocksCollected() < n; i++) {
            CachingAllocator.collectGarbage();
            Thread.sleep(10);
        }
        assertEquals(n, allocator.stats().blocksCollected(), "blocks freed by the cleaner");
    }

    @Test
    void anUnreachableOwnersBlockIsReclaimedWhenTheDeviceIsFull() {
        FakeDeviceMemory device = new FakeDeviceMemory(20 * MiB);
        AtomicInteger collections = new AtomicInteger();
        CachingAllocator allocator = new CachingAllocator(device, () -> {
            collections.incrementAndGet();
            CachingAllocator.collectGarbage();
        });
        allocateForDroppedOwner(allocator, 4 * MiB);   // a 20 MiB segment: the device is full

        DeviceBlock small = allocator.allocate(100, 0);   // needs a 2 MiB segment: only the collection makes room

        assertNotNull(small);
        AllocatorStats s = allocator.stats();
        assertEquals(1, s.blocksCollected());
        assertTrue(collections.get() <= 1, "one collection is enough: " + collections);
        assertEquals(collections.get(), s.collections());
        assertEquals(1, s.rawFrees(), "the collected block's segment went back to the device");
        assertEquals(2 * MiB, device.used());
        assertEquals(0, s.outOfMemoryErrors());
        allocator.checkConsistency();
    }

    @Test
    void aReachableOwnersBlockIsNotTakenAndTheErrorSaysACollectionWasTried() {
        FakeDeviceMemory device = new FakeDeviceMemory(20 * MiB);
        CachingAllocator allocator = new CachingAllocator(device);
        Object owner = new Object();
        OwnedBlock held = allocator.allocateOwned(owner, 4 * MiB, 0);

        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class, () -> allocator.allocate(100, 0));

        assertTrue(e.collectionTried());
        assertTrue(e.getMessage().contains("garbage collection was tried"), e.getMessage());
        AllocatorStats s = allocator.stats();
        assertEquals(1, s.collections());
        assertEquals(0, s.blocksCollected());
        assertEquals(1, s.outOfMemoryErrors());
        assertEquals(held.block().size(), s.allocatedBytes(), "the live block is untouched");
        allocator.checkConsistency();
        Reference.reachabilityFence(owner);

        held.release();
        allocator.allocate(100, 0);   // the released block's segment makes room
        assertEquals(1, allocator.stats().collections(), "no collection when the cache suffices");
    }

    @Test
    void theLockIsFreeWhileTheAllocatorWaitsSoAnotherThreadsFreeIsUsed() {
        FakeDeviceMemory device = new FakeDeviceMemory(20 * MiB);
        Object owner = new Object();
        OwnedBlock[] held = new OwnedBlock[1];
        CachingAllocator[] allocator = new CachingAllocator[1];
        List<String> seen = new ArrayList<>();
        ExecutorService cleaner = Executors.newSingleThreadExecutor();
        allocator[0] = new CachingAllocator(device, () -> {
            seen.add(Thread.holdsLock(allocator[0]) ? "lock held" : "lock free");
            try {
                cleaner.submit(() -> held[0].release()).get(10, TimeUnit.SECONDS);   // needs the lock
                seen.add("freed");
            } catch (TimeoutException e) {
                seen.add("another thread could not free: the lock is held");
            } catch (Exception e) {
                seen.add(e.toString());
            }
        });
        try {
            held[0] = allocator[0].allocateOwned(owner, 4 * MiB, 0);

            DeviceBlock small = allocator[0].allocate(100, 0);

            assertNotNull(small);
            assertEquals(List.of("lock free", "freed"), seen);
            assertEquals(1, allocator[0].stats().collections());
            allocator[0].checkConsistency();
        } finally {
            cleaner.shutdownNow();
        }
    }

    @Test
    void noCollectionWhereNoBlockHasAnOwnerOrTheCallerHoldsTheLock() {
        FakeDeviceMemory device = new FakeDeviceMemory(2 * MiB);
        AtomicInteger collections = new AtomicInteger();
        CachingAllocator allocator = new CachingAllocator(device, collections::incrementAndGet);
        DeviceBlock plain = allocator.allocate(1 * MiB, 0);

        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class, () -> allocator.allocate(1 * MiB, 1));
        assertFalse(e.collectionTried());
        assertEquals(0, collections.get(), "nothing the collector frees is live");

        allocator.free(plain);
        Object owner = new Object();
        OwnedBlock held = allocator.allocateOwned(owner, 1 * MiB, 0);
        synchronized (allocator) {   // the cleaner could not free while this thread holds the lock
            e = assertThrows(CudaOutOfMemoryException.class, () -> allocator.allocate(1 * MiB, 1));
        }
        assertFalse(e.collectionTried());
        assertEquals(0, collections.get());
        Reference.reachabilityFence(owner);
        held.release();
    }

    @Test
    void anExplicitReleaseIsTheOnlyFreeEvenAfterTheOwnerIsCollected() throws InterruptedException {
        CachingAllocator allocator = new CachingAllocator(new FakeDeviceMemory(1L << 30));
        Object owner = new Object();
        OwnedBlock released = allocator.allocateOwned(owner, 1000, 0);
        long address = released.address();
        assertThrows(IllegalArgumentException.class, () -> allocator.free(released.block()),
                "an owned block goes back through its OwnedBlock only");
        released.release();
        released.release();   // a second release does nothing
        DeviceBlock reused = allocator.allocate(1000, 0);
        assertEquals(address, reused.address(), "a stale free by the cleaner would now hit this block");
        allocateForDroppedOwner(allocator, 1000);   // a witness: the cleaner frees this one

        owner = null;   // now the released block's owner is as unreachable as the witness's
        awaitCollected(allocator, 1);
        CachingAllocator.collectGarbage();   // and a few more rounds, for a late second free to show
        CachingAllocator.collectGarbage();
        Thread.sleep(50);

        AllocatorStats s = allocator.stats();
        assertEquals(1, s.blocksCollected(), "only the witness");
        assertEquals(reused.size(), s.allocatedBytes());
        allocator.checkConsistency();   // fails naming any free by the cleaner that threw (a double free)
        allocator.free(reused);
        assertEquals(0, allocator.stats().allocatedBytes());
    }
}

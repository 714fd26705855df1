package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What happens when the device runs out: the cache is released and the allocation retried, else a clear error. */
class CachingAllocatorOutOfMemoryTest {
    private static final long KiB = 1024, MiB = 1024 * KiB;

    @Test
    void aDeviceFullOfCachedBlocksIsEmptiedAndTheAllocationRetried() {
        FakeDeviceMemory device = new FakeDeviceMemory(4 * MiB);
        CachingAllocator allocator = new CachingAllocator(device);
        allocator.free(allocator.allocate(1 * MiB, 1));
        allocator.free(allocator.allocate(1 * MiB, 2));
        assertEquals(4 * MiB, device.used(), "two cached segments fill the device");

        DeviceBlock b = allocator.allocate(1 * MiB, 3);   // stream 3 cannot use them: raw, fails, flush, retry

        AllocatorStats s = allocator.stats();
        assertEquals(1, s.cacheFlushes());
        assertEquals(2, s.rawFrees());
        assertEquals(3, s.rawAllocations());
        assertEquals(1, s.segments());
        assertEquals(2 * MiB, s.reservedBytes());
        assertEquals(1 * MiB, s.allocatedBytes());
        assertEquals(0, s.outOfMemoryErrors());
        assertEquals(4, device.allocateCalls);
        assertEquals(3, b.stream());
        allocator.checkConsistency();
    }

    @Test
    void whatStillDoesNotFitThrowsANamedErrorAndTheAllocatorGoesOn() {
        FakeDeviceMemory device = new FakeDeviceMemory(4 * MiB);
        CachingAllocator allocator = new CachingAllocator(device);
        DeviceBlock live = allocator.allocate(1 * MiB, 0);
        allocator.free(allocator.allocate(512 * KiB, 1));   // a cached segment: the device is full

        // 20 MiB segment refused; cache released; 20 MiB refused again; a 4 MiB segment refused (2 MiB are live).
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class, () -> allocator.allocate(3 * MiB, 0));

        assertEquals("cuda:0 (Fake GPU)", e.deviceName());
        assertEquals(3 * MiB, e.requestedBytes());
        assertEquals(1 * MiB, e.allocatedBytes());
        assertFalse(e.collectionTried(), "no block has an owner the collector could free");
        assertEquals(2 * MiB, e.reservedBytes(), "reserved after the cache was released");
        for (String part : new String[] {"cuda:0 (Fake GPU)", "3145728 bytes (3.00 MiB)",
                "1048576 bytes (1.00 MiB) allocated", "2097152 bytes (2.00 MiB) reserved", "emptyCache()", "batch size",
                "no garbage collection"}) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
        assertEquals(2 + 3, device.allocateCalls);
        allocator.checkConsistency();

        AllocatorStats before = allocator.stats();
        assertThrows(CudaOutOfMemoryException.class, () -> allocator.allocate(3 * MiB, 0));
        AllocatorStats after = allocator.stats();
        assertEquals(new AllocatorStats(before.allocatedBytes(), before.reservedBytes(), before.peakAllocatedBytes(),
                before.peakReservedBytes(), before.allocations(), before.cacheHits(), before.rawAllocations(),
                before.rawFrees(), before.segments(), before.cacheFlushes() + 1, before.outOfMemoryErrors() + 1,
                0, 0), after);

        DeviceBlock small = allocator.allocate(1000, 0);    // the live segment still serves
        assertEquals(live.address() + live.size(), small.address());
        allocator.free(small);
        allocator.free(live);

        // Now the small segment is cached: 20 MiB refused, cache released, 20 MiB refused, 4 MiB granted.
        DeviceBlock big = allocator.allocate(3 * MiB, 0);
        assertEquals(4 * MiB, device.lastRequest);
        assertEquals(4 * MiB, big.size(), "the 1 MiB rest is not worth splitting off");
        assertEquals(4 * MiB, allocator.stats().reservedBytes());
        allocator.checkConsistency();
    }

    @Test
    void aRefusalOnRetryIsAnErrorEvenForASmallRequest() {
        FakeDeviceMemory device = new FakeDeviceMemory(1L << 30);
        CachingAllocator allocator = new CachingAllocator(device);
        device.refuseNext(2);

        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class, () -> allocator.allocate(100, 5));
        assertEquals(100, e.requestedBytes());
        assertEquals(2, device.allocateCalls, "one try, and one retry after releasing the (empty) cache");
        assertEquals(0, allocator.stats().reservedBytes());

        assertEquals(512, allocator.allocate(100, 5).size());
        AllocatorStats s = allocator.stats();
        assertEquals(1, s.allocations());
        assertEquals(1, s.outOfMemoryErrors());
        assertEquals(1, s.rawAllocations());
    }

    @Test
    void aRefusalFollowedBySuccessIsOnlyAFlush() {
        FakeDeviceMemory device = new FakeDeviceMemory(1L << 30);
        CachingAllocator allocator = new CachingAllocator(device);
        device.refuseNext(1);
        allocator.allocate(100, 0);
        AllocatorStats s = allocator.stats();
        assertEquals(1, s.cacheFlushes());
        assertEquals(0, s.outOfMemoryErrors());
        assertEquals(2, device.allocateCalls);
    }
}

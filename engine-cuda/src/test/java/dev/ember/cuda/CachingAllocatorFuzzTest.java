package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of seeded allocations and frees of mixed sizes on several streams, on a device small enough to run
 * out now and then. After every step: live blocks never overlap, each lies inside a segment the device still
 * holds, allocated bytes equal the sum of live block sizes, and the allocator's own invariants hold.
 */
class CachingAllocatorFuzzTest {
    private static final long MiB = 1024 * 1024;
    private static final int STEPS = 4000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomAllocationsAndFreesKeepEveryInvariant(long seed) {
        FakeDeviceMemory device = new FakeDeviceMemory(160 * MiB);
        CachingAllocator allocator = new CachingAllocator(device);
        SplittableRandom random = new SplittableRandom(seed);
        List<DeviceBlock> live = new ArrayList<>();
        int outOfMemory = 0;

        for (int step = 0; step < STEPS; step++) {
            if (step % 700 == 699) allocator.emptyCache();
            if (live.isEmpty() || live.size() < 200 && random.nextInt(100) < 55) {
                long bytes = randomSize(random);
                long stream = random.nextInt(3);
                AllocatorStats before = allocator.stats();
                try {
                    DeviceBlock b = allocator.allocate(bytes, stream);
                    assertTrue(b.size() >= bytes && b.stream() == stream, b + " for " + bytes + " bytes on " + stream);
                    live.add(b);
                } catch (CudaOutOfMemoryException e) {
                    outOfMemory++;
                    AllocatorStats after = allocator.stats();
                    assertEquals(before.allocatedBytes(), after.allocatedBytes());
                    assertEquals(before.allocations(), after.allocations());
                    assertEquals(after.allocatedBytes(), e.allocatedBytes());
                    assertEquals(after.reservedBytes(), e.reservedBytes());
                }
            } else {
                allocator.free(live.remove(random.nextInt(live.size())));
            }
            checkLiveBlocks(allocator, device, live, "step " + step);
        }
        assertTrue(outOfMemory > 0, "the device never ran out; the test should reach that path");

        for (DeviceBlock b : live) allocator.free(b);
        allocator.emptyCache();
        AllocatorStats s = allocator.stats();
        assertEquals(0, s.allocatedBytes());
        assertEquals(0, s.reservedBytes());
        assertEquals(s.rawAllocations(), s.rawFrees());
        assertEquals(s.allocations(), s.cacheHits() + s.rawAllocations());
        assertTrue(s.cacheHits() > s.rawAllocations(), "mostly served from the cache: " + s);
        assertEquals(0, device.used());
        assertEquals(0, device.liveAllocations());
    }

    @Test
    void threadsSharingStreamsKeepEveryInvariant() throws Exception {
        FakeDeviceMemory device = new FakeDeviceMemory(1L << 40);
        CachingAllocator allocator = new CachingAllocator(device);
        int threads = 4, steps = 2500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long stream = t % 2;
                SplittableRandom random = new SplittableRandom(100 + t);
                done.add(pool.submit(() -> {
                    List<DeviceBlock> mine = new ArrayList<>();
                    for (int i = 0; i < steps; i++) {
                        if (mine.isEmpty() || random.nextBoolean()) mine.add(allocator.allocate(randomSize(random), stream));
                        else allocator.free(mine.remove(random.nextInt(mine.size())));
                    }
                    for (DeviceBlock b : mine) allocator.free(b);
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
        allocator.checkConsistency();
        assertEquals(0, allocator.stats().allocatedBytes());
        allocator.emptyCache();
        assertEquals(0, device.used());
    }

    /** Mostly small blocks, log-uniform from 1 byte to 1 MiB; one in five large, up to 40 MiB. */
    private static long randomSize(SplittableRandom random) {
        if (random.nextInt(5) == 0) return random.nextLong(MiB + 1, 40 * MiB);
        return Math.min(MiB, (long) Math.exp(random.nextDouble(Math.log(MiB) + 1e-9)));
    }

    private static void checkLiveBlocks(CachingAllocator allocator, FakeDeviceMemory device, List<DeviceBlock> live,
                                        String where) {
        List<DeviceBlock> byAddress = new ArrayList<>(live);
        byAddress.sort(Comparator.comparingLong(DeviceBlock::address));
        long sum = 0;
        for (int i = 0; i < byAddress.size(); i++) {
            DeviceBlock b = byAddress.get(i);
            sum += b.size();
            if (i > 0) {
                DeviceBlock before = byAddress.get(i - 1);
                if (before.address() + before.size() > b.address()) fail(where + ": " + before + " overlaps " + b);
            }
            assertNotNull(device.holding(b.address(), b.size()), where + ": " + b + " is not inside a held segment");
        }
        assertEquals(sum, allocator.stats().allocatedBytes(), where + ": allocated bytes");
        allocator.checkConsistency();
    }
}

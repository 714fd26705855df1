package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The caching policy on a fake device: rounding, segment sizes, reuse, best fit, split, merge, streams, release. */
class CachingAllocatorTest {
    private static final long KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;

    private final FakeDeviceMemory device = new FakeDeviceMemory(GiB);
    private final CachingAllocator allocator = new CachingAllocator(device);

    @ParameterizedTest(name = "{0} bytes take {1}")
    @CsvSource({"0, 512", "1, 512", "512, 512", "513, 1024", "1000, 1024", "1048576, 1048576"})
    void requestsAreRoundedUpTo512(long bytes, long size) {
        DeviceBlock b = allocator.allocate(bytes, 0);
        assertEquals(size, b.size());
        assertEquals(bytes, b.requestedBytes());
        assertEquals(0, b.address() % 512);
    }

    @ParameterizedTest(name = "a request of {0} bytes makes a segment of {1}")
    @CsvSource({
            "1, 2097152",                  // small: 2 MiB
            "1048576, 2097152",            // 1 MiB is still small
            "1048577, 20971520",           // large under 10 MiB: 20 MiB
            "10485248, 20971520",           // 10 MiB - 512: still a 20 MiB segment
            "10485760, 10485760",          // from 10 MiB: rounded up to 2 MiB
            "11534337, 12582912"})         // 11 MiB + 1 -> 12 MiB
    void segmentSizes(long bytes, long segment) {
        allocator.allocate(bytes, 0);
        assertEquals(segment, device.lastRequest);
        assertEquals(segment, allocator.stats().reservedBytes());
    }

    @Test
    void reuseAfterFreeIsACacheHitWithoutRawAllocation() {
        DeviceBlock first = allocator.allocate(1000, 0);
        allocator.free(first);
        DeviceBlock again = allocator.allocate(900, 0);

        assertEquals(first.address(), again.address());
        assertEquals(1, device.allocateCalls);
        AllocatorStats s = allocator.stats();
        assertEquals(2, s.allocations());
        assertEquals(1, s.cacheHits());
        assertEquals(1, s.rawAllocations());
        assertEquals(1024, s.allocatedBytes());
        assertEquals(2 * MiB, s.reservedBytes());
    }

    @Test
    void smallBlocksShareOneSegmentEndToEnd() {
        DeviceBlock a = allocator.allocate(1000, 0), b = allocator.allocate(3000, 0), c = allocator.allocate(512, 0);
        assertEquals(1, device.allocateCalls);
        assertEquals(FakeDeviceMemory.FIRST_ADDRESS, a.address());
        assertEquals(a.address() + 1024, b.address());
        assertEquals(b.address() + 3072, c.address());
        assertEquals(2, allocator.stats().cacheHits());
    }

    static Stream<Arguments> freeOrders() {
        List<Arguments> all = new ArrayList<>();
        int[][] orders = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (boolean small : new boolean[] {true, false}) {
            for (int[] order : orders) all.add(Arguments.of(small ? "small" : "large", order));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} pool, free order {1}")
    @MethodSource("freeOrders")
    void threeNeighboursFreedInAnyOrderMergeBackIntoOneFreeSegment(String pool, int[] order) {
        boolean small = pool.equals("small");
        long piece = small ? 512 * KiB : 4 * MiB;            // three of them leave the segment's tail free
        long segment = small ? 2 * MiB : 20 * MiB;
        DeviceBlock[] blocks = new DeviceBlock[3];
        for (int i = 0; i < 3; i++) blocks[i] = allocator.allocate(piece, 7);
        long base = blocks[0].address();
        for (int i = 0; i < 3; i++) assertEquals(base + i * piece, blocks[i].address(), "block " + i);
        assertEquals(1, device.allocateCalls);

        for (int i : order) {
            allocator.free(blocks[i]);
            allocator.checkConsistency();
        }
        assertEquals(0, allocator.stats().allocatedBytes());

        // Without merging no free piece would exceed 2 * piece; the largest request the pool serves now fits.
        long whole = small ? 1 * MiB : segment;
        DeviceBlock merged = allocator.allocate(whole, 7);
        assertEquals(base, merged.address());
        assertEquals(1, device.allocateCalls, "served from the merged segment");
        allocator.free(merged);

        allocator.emptyCache();
        AllocatorStats s = allocator.stats();
        assertEquals(1, s.rawFrees());
        assertEquals(0, s.reservedBytes());
        assertEquals(0, s.segments());
        assertEquals(0, device.used());
    }

    @ParameterizedTest(name = "freed on stream {0}, asked for on stream {1}")
    @CsvSource({"1, 2", "2, 1"})
    void aBlockFreedOnOneStreamIsNotHandedToAnother(long freedOn, long askedOn) {
        DeviceBlock freed = allocator.allocate(4096, freedOn);
        allocator.free(freed);

        DeviceBlock other = allocator.allocate(4096, askedOn);
        assertNotEquals(freed.address(), other.address());
        assertEquals(2, device.allocateCalls, "stream " + askedOn + " needs its own segment");
        assertEquals(askedOn, other.stream());

        DeviceBlock again = allocator.allocate(4096, freedOn);
        assertEquals(freed.address(), again.address());
        assertEquals(1, allocator.stats().cacheHits());
    }

    @Test
    void bestFitTakesTheSmallestFreePieceThatIsLargeEnough() {
        // Free pieces of 8, 4, 16 and 4 KiB kept apart by live 512-byte blocks, then the big free tail.
        long[] sizes = {8 * KiB, 4 * KiB, 16 * KiB, 4 * KiB};
        DeviceBlock[] holes = new DeviceBlock[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            holes[i] = allocator.allocate(sizes[i], 0);
            allocator.allocate(512, 0);
        }
        for (DeviceBlock h : holes) allocator.free(h);

        assertEquals(holes[1].address(), allocator.allocate(3 * KiB, 0).address(), "4 KiB, the lower of two");
        assertEquals(holes[3].address(), allocator.allocate(4 * KiB, 0).address(), "the other 4 KiB");
        assertEquals(holes[0].address(), allocator.allocate(5 * KiB, 0).address(), "8 KiB");
        assertEquals(holes[2].address(), allocator.allocate(9 * KiB, 0).address(), "16 KiB");
        assertEquals(1, device.allocateCalls);
        allocator.checkConsistency();
    }

    @Test
    void smallPiecesSplitDownTo512Bytes() {
        allocator.allocate(1 * MiB, 0);
        DeviceBlock b = allocator.allocate(1 * MiB - 512, 0);    // leaves exactly 512 bytes of the segment
        assertEquals(1 * MiB - 512, b.size());
        DeviceBlock last = allocator.allocate(1, 0);
        assertEquals(b.address() + b.size(), last.address());
        assertEquals(1, device.allocateCalls);
    }

    @Test
    void largePiecesKeepARestOfAtMost1MiB() {
        DeviceBlock head = allocator.allocate(9 * MiB, 0);        // 20 MiB segment: 9 MiB used, 11 MiB free
        assertEquals(9 * MiB, head.size());

        DeviceBlock whole = allocator.allocate(10 * MiB, 0);      // rest would be exactly 1 MiB: not split
        assertEquals(11 * MiB, whole.size());
        assertEquals(10 * MiB, whole.requestedBytes());
        assertEquals(20 * MiB, allocator.stats().allocatedBytes());
        allocator.free(whole);

        DeviceBlock split = allocator.allocate(10 * MiB - 512, 0); // rest 1 MiB + 512: split off
        assertEquals(10 * MiB - 512, split.size());
        assertEquals(1, device.allocateCalls);
        allocator.checkConsistency();
    }

    @Test
    void smallRequestsNeverComeFromTheLargePool() {
        DeviceBlock large = allocator.allocate(4 * MiB, 0);
        allocator.free(large);
        allocator.allocate(4 * KiB, 0);
        assertEquals(2, device.allocateCalls, "a small request gets a small segment, though 20 MiB are free");
        assertEquals(22 * MiB, allocator.stats().reservedBytes());
    }

    @Test
    void emptyCacheKeepsSegmentsThatHoldALiveBlock() {
        DeviceBlock dead = allocator.allocate(1000, 0);       // the segment's first piece is free, the second live
        DeviceBlock live = allocator.allocate(1000, 0);
        DeviceBlock other = allocator.allocate(5 * MiB, 3);
        allocator.free(dead);
        allocator.free(other);

        allocator.emptyCache();
        AllocatorStats s = allocator.stats();
        assertEquals(1, s.rawFrees());
        assertEquals(1, s.segments());
        assertEquals(2 * MiB, s.reservedBytes());
        assertEquals(1024, s.allocatedBytes());
        assertEquals(2 * MiB, device.used());
        allocator.free(live);
        allocator.emptyCache();
        assertEquals(0, device.used());
    }

    @Test
    void freeingTwiceThrowsNamingTheAddress() {
        DeviceBlock b = allocator.allocate(1000, 0);
        allocator.free(b);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> allocator.free(b));
        assertTrue(e.getMessage().contains("0x" + Long.toHexString(b.address())), e.getMessage());
        assertTrue(e.getMessage().contains("already freed"), e.getMessage());
    }

    @Test
    void aStaleHandleCannotFreeTheBlockNowAtItsAddress() {
        DeviceBlock old = allocator.allocate(1000, 0);
        allocator.free(old);
        DeviceBlock current = allocator.allocate(1000, 0);
        assertEquals(old.address(), current.address());

        assertThrows(IllegalStateException.class, () -> allocator.free(old));
        assertEquals(1024, allocator.stats().allocatedBytes(), "the current block is still live");
        allocator.free(current);
        allocator.checkConsistency();
    }

    @Test
    void aBlockOfAnotherAllocatorIsRefused() {
        DeviceBlock foreign = new CachingAllocator(new FakeDeviceMemory(GiB)).allocate(1000, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> allocator.free(foreign));
        assertTrue(e.getMessage().contains("another allocator"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"-1", "4611686018427387905"})
    void impossibleSizesAreArgumentErrors(long bytes) {
        assertThrows(IllegalArgumentException.class, () -> allocator.allocate(bytes, 0));
        assertEquals(0, device.allocateCalls);
    }

    @Test
    void peaksFollowTheHighestValuesUntilReset() {
        DeviceBlock a = allocator.allocate(12 * MiB, 0);
        DeviceBlock b = allocator.allocate(512 * KiB, 0);
        allocator.free(a);
        AllocatorStats s = allocator.stats();
        assertEquals(12 * MiB + 512 * KiB, s.peakAllocatedBytes());
        assertEquals(14 * MiB, s.peakReservedBytes());
        assertEquals(512 * KiB, s.allocatedBytes());

        allocator.emptyCache();
        allocator.resetPeakStats();
        s = allocator.stats();
        assertEquals(512 * KiB, s.peakAllocatedBytes());
        assertEquals(2 * MiB, s.peakReservedBytes());

        allocator.free(b);
        allocator.allocate(256 * KiB, 0);
        assertEquals(512 * KiB, allocator.stats().peakAllocatedBytes(), "lower values do not move the peak");
    }
}

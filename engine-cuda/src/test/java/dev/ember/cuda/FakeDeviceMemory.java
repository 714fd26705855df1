package dev.ember.cuda;

import java.util.Map;
import java.util.TreeMap;

/**
 * Device memory that exists only as bookkeeping: a capacity, addresses handed out from a counter (never reused,
 * so never overlapping), and counts of calls. It refuses what would exceed the capacity, and can be told to
 * refuse the next few allocations whatever the capacity. Freeing an address it did not hand out throws.
 */
final class FakeDeviceMemory implements DeviceMemory {
    static final long FIRST_ADDRESS = 0x7f00_0000_0000L;

    private final long capacity;
    private final TreeMap<Long, Long> live = new TreeMap<>();
    private long nextAddress = FIRST_ADDRESS;
    private long used;
    private int refuseNext;
    int allocateCalls;
    int freeCalls;
    long lastRequest;

    FakeDeviceMemory(long capacity) { this.capacity = capacity; }

    /** The next {@code n} allocations return OUT_OF_MEMORY. */
    void refuseNext(int n) { refuseNext = n; }

    @Override
    public synchronized long allocate(long bytes) {
        allocateCalls++;
        lastRequest = bytes;
        if (bytes <= 0) throw new IllegalArgumentException("allocate(" + bytes + ")");
        if (refuseNext > 0) {
            refuseNext--;
            return OUT_OF_MEMORY;
        }
        if (used + bytes > capacity) return OUT_OF_MEMORY;
        long address = nextAddress;
        nextAddress += bytes;   // segments end to end, so merging across them would show
        live.put(address, bytes);
        used += bytes;
        return address;
    }

    @Override
    public synchronized void free(long address) {
        freeCalls++;
        Long size = live.remove(address);
        if (size == null) throw new IllegalStateException("free(0x" + Long.toHexString(address) + "): not allocated");
        used -= size;
    }

    @Override
    public String deviceName() { return "cuda:0 (Fake GPU)"; }

    synchronized long used() { return used; }

    synchronized int liveAllocations() { return live.size(); }

    /** The raw allocation that holds all of [address, address + size), or null. */
    synchronized Map.Entry<Long, Long> holding(long address, long size) {
        Map.Entry<Long, Long> e = live.floorEntry(address);
        return e != null && address + size <= e.getKey() + e.getValue() ? e : null;
    }
}

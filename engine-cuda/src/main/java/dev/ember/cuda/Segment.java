package dev.ember.cuda;

/**
 * One raw allocation from {@link DeviceMemory}: the allocator carves its blocks out of segments and returns a
 * segment to the device only when all of it is free. Every block carved from it belongs to {@code stream};
 * {@code small} says which pool its free pieces wait in.
 */
record Segment(long address, long size, long stream, boolean small) {}

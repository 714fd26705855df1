package dev.ember.cuda;

import java.lang.foreign.MemorySegment;

/**
 * The two host staging buffers of {@link HostTransfers} and the driver calls around them, kept apart from the
 * chunk schedule so that the schedule runs, and is checked, without a GPU. Every copy is queued on the device's
 * stream and followed by a marker (a CUDA event) of its buffer; {@link #await} waits for that marker only.
 */
interface Staging {

    /** Buffer {@code which} (0 or 1), at least a chunk long, for the host to fill or read. */
    MemorySegment buffer(int which);

    /** Makes the device's context current on this thread, before any of the calls below. */
    void makeCurrent();

    /** Queues a copy of {@code bytes} from buffer {@code which} to device {@code address}, then its marker. */
    void toDevice(int which, long address, long bytes);

    /** Queues a copy of {@code bytes} from device {@code address} into buffer {@code which}, then its marker. */
    void toHost(int which, long address, long bytes);

    /** Waits until the copy last queued for buffer {@code which}, and all work queued before it, has finished. */
    void await(int which);

    /** Waits until all work queued on the stream has finished. */
    void synchronize();
}

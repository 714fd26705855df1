package dev.ember.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

/**
 * Raw addresses in and out of jcuda's pointer objects. Ember keeps device memory as plain {@code long} addresses
 * (the allocator hands out sub-blocks, cuBLAS and cuDNN take them through java.lang.foreign); jcuda hides the
 * address behind protected members, which only subclasses of its own types may read.
 */
final class DevicePointers {
    private DevicePointers() {}

    private static final CUdeviceptr NULL = new CUdeviceptr();

    /** A jcuda device pointer to {@code address}: the null pointer moved by that many bytes. */
    static CUdeviceptr at(long address) { return NULL.withByteOffset(address); }

    /** A device pointer jcuda fills in (cuMemAlloc), whose address can be read back. */
    static final class Allocated extends CUdeviceptr {
        long address() { return getNativePointer() + getByteOffset(); }
    }

    /** A host pointer jcuda fills in (cuMemAllocHost), whose address can be read back. */
    static final class Host extends Pointer {
        long address() { return getNativePointer() + getByteOffset(); }
    }

    /** A stream whose handle can be passed to cuBLAS and cuDNN. */
    static final class Stream extends CUstream {
        long address() { return getNativePointer(); }
    }
}

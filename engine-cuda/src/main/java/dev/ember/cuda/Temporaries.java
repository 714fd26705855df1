package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.backend.Layout;

import java.util.ArrayList;
import java.util.List;

/**
 * Scratch storages of one backend call (contiguous or widened copies of operands), all handed back to the allocator
 * when the call's try-with-resources block ends. Kernels still queued on the stream may read them; the stream order
 * keeps the memory valid for them.
 */
final class Temporaries implements AutoCloseable {
    private final CudaBackend backend;
    private final List<CudaStorage> made = new ArrayList<>();

    Temporaries(CudaBackend backend) { this.backend = backend; }

    /** Uninitialised contiguous storage of {@code size} elements. */
    CudaStorage empty(DType dtype, long size) {
        CudaStorage s = backend.uninitialized(dtype, size);
        made.add(s);
        return s;
    }

    /** The elements of {@code (s, layout)}, contiguous and converted to {@code dtype}. */
    CudaStorage cast(CudaStorage s, Layout layout, DType dtype) {
        CudaStorage c = empty(dtype, layout.numel());
        backend.copy(s, layout, c, Layout.contiguous(layout.shape()));
        return c;
    }

    /** {@link #cast} of a contiguous operand given by its shape. */
    CudaStorage cast(CudaStorage s, int[] shape, DType dtype) { return cast(s, Layout.contiguous(shape), dtype); }

    @Override
    public void close() {
        for (CudaStorage s : made) s.release();
        made.clear();
    }
}

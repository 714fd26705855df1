package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.BinaryOp;
import dev.ember.backend.ComposedBatchNorm;
import dev.ember.backend.ConvGeometry;
import dev.ember.backend.Distribution;
import dev.ember.backend.Layout;
import dev.ember.backend.PoolGeometry;
import dev.ember.backend.ReduceOp;
import dev.ember.backend.ScanOp;
import dev.ember.backend.ScatterMode;
import dev.ember.backend.Storage;
import dev.ember.backend.UnaryOp;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiConsumer;

import static dev.ember.cuda.CudaStorage.of;

/**
 * The CUDA backend: every {@link Backend} kernel as one launch of an Ember kernel ({@code kernels/}) or one cuBLAS or
 * cuDNN call, all queued in order on the device's one stream. Only transfers to the host wait for the GPU.
 */
final class CudaBackend implements Backend {
    private final Device device;
    final CudaContext context;
    final CudaMemory memory;
    private final DeviceQueue kernels;
    private final HostTransfers transfers;
    private final CublasMatmul matmul;
    private final CudnnConvolution convolution;

    CudaBackend(Device device, CudaContext context, CudaMemory memory, DeviceQueue kernels, HostTransfers transfers,
                CublasMatmul matmul, CudnnConvolution convolution) {
        this.device = device;
        this.context = context;
        this.memory = memory;
        this.kernels = kernels;
        this.transfers = transfers;
        this.matmul = matmul;
        this.convolution = convolution;
    }

    @Override
    public Device device() { return device; }

    /** Only an allocation: the kernel that takes it as its output writes all of it (see {@link Backend}). */
    @Override
    public Storage allocate(DType dtype, long size) { return uninitialized(dtype, size); }

    /** An allocation and a {@code cuMemsetD8Async} queued on the stream. */
    @Override
    public Storage zeros(DType dtype, long size) {
        CudaStorage s = uninitialized(dtype, size);
        kernels.zero(s.address, CudaStorage.bytes(dtype, size));
        return s;
    }

    /**
     * The dtypes the ops have kernels for: all seven. float16 and bfloat16 (issue 18) compute in float and round
     * once, as the CPU's HalfKernels; convolution and batch norm alone still refuse them by name ({@link HalfCoverage})
     * rather than run them in a way that would not match the CPU ({@code KernelCoverageTest} counts conv2d of a half
     * type as covered only while it refuses).
     */
    static final Set<DType> DTYPES = EnumSet.of(DType.BOOL, DType.INT32, DType.INT64, DType.FLOAT32, DType.FLOAT64,
            DType.FLOAT16, DType.BFLOAT16);

    /** The dtypes copy (casts included) and fill have kernels for: all of them. */
    static final Set<DType> COPY_DTYPES = EnumSet.allOf(DType.class);

    CudaStorage uninitialized(DType dtype, long size) { return new CudaStorage(dtype, size, memory); }

    @Override
    public Storage fromArray(Object array) {
        DType dtype = HostTransfers.dtypeOf(array);
        CudaStorage s = uninitialized(dtype, java.lang.reflect.Array.getLength(array));
        try {
            transfers.upload(array, s.address);
        } catch (RuntimeException e) {
            s.release();
            throw e;
        }
        return s;
    }

    @Override
    public Object toArray(Storage storage, Layout layout) {
        CudaStorage s = of(storage);
        int n = launchCount("toArray", layout.numel());   // into one Java array
        if (layout.isContiguous()) return transfers.download(s.addressOf(layout.offset()), s.dtype, n);
        CudaStorage packed = uninitialized(s.dtype, n);
        try {
            copy(s, layout, packed, Layout.contiguous(layout.shape()));
            return transfers.download(packed.address, s.dtype, n);
        } finally {
            packed.release();
        }
    }

    @Override
    public void copy(Storage src, Layout srcLayout, Storage dst, Layout dstLayout) {
        CudaStorage s = of(src);
        CudaStorage d = of(dst);
        long count = dstLayout.numel();
        if (count == 0) return;
        if (s.dtype == d.dtype && srcLayout.isContiguous() && dstLayout.isContiguous()) {   // a memcpy: any size
            kernels.copy(d.addressOf(dstLayout.offset()), s.addressOf(srcLayout.offset()), CudaStorage.bytes(s.dtype, count));
            return;
        }
        int n = launchCount("copy", count);
        int[][] p = StridedArgs.pack(dstLayout, srcLayout);
        kernels.launch(KernelNames.copy(s.dtype, d.dtype), n, p[1], s.arg(), p[0], d.arg(), n);
    }

    @Override
    public void fill(Storage dst, Layout layout, double value) {
        CudaStorage d = of(dst);
        int n = launchCount("fill", layout.numel());
        int[][] p = StridedArgs.pack(layout);
        kernels.launch(KernelNames.fill(d.dtype), n, p[0], d.arg(), value, n);
    }

    @Override
    public void unary(UnaryOp op, double param, Storage x, Layout xLayout, Storage out, Layout outLayout) {
        CudaStorage xs = of(x);
        CudaStorage o = of(out);
        int n = launchCount(lower(op), outLayout.numel());
        DType compute = ComputeTypes.unary(op, xs.dtype);
        if (compute != xs.dtype) {
            Layout packed = Layout.contiguous(outLayout.shape());
            try (Temporaries t = new Temporaries(this)) {
                CudaStorage wide = t.cast(xs, xLayout, compute);
                CudaStorage result = t.empty(compute, n);
                unary(op, param, wide, packed, result, packed);
                copy(result, packed, o, outLayout);
            }
            return;
        }
        int[][] p = StridedArgs.pack(outLayout, xLayout);
        kernels.launch(KernelNames.unary(op, xs.dtype), n, p[1], xs.arg(), p[0], o.arg(), param, n);
    }

    @Override
    public void binary(BinaryOp op, Storage a, Layout aLayout, Storage b, Layout bLayout, Storage out, Layout outLayout) {
        CudaStorage as = of(a);
        CudaStorage bs = of(b);
        CudaStorage o = of(out);
        int n = launchCount(lower(op), outLayout.numel());
        int[][] p = StridedArgs.pack(outLayout, aLayout, bLayout);
        kernels.launch(KernelNames.binary(op, as.dtype), n, p[1], as.arg(), p[2], bs.arg(), p[0], o.arg(), n);
    }

    @Override
    public void where(Storage cond, Layout condLayout, Storage a, Layout aLayout, Storage b, Layout bLayout,
                      Storage out, Layout outLayout) {
        CudaStorage o = of(out);
        int n = launchCount("where", outLayout.numel());
        int[][] p = StridedArgs.pack(outLayout, condLayout, aLayout, bLayout);
        kernels.launch(KernelNames.where(o.dtype), n, p[1], of(cond).arg(), p[2], of(a).arg(), p[3], of(b).arg(),
                p[0], o.arg(), n);
    }

    @Override
    public void addcmul(Storage x, Layout xLayout, Storage t1, Layout t1Layout, Storage t2, Layout t2Layout, double value,
                        Storage out, Layout outLayout) {
        CudaStorage o = of(out);
        int n = launchCount("addcmul", outLayout.numel());
        DType compute = ComputeTypes.floating(o.dtype);
        if (compute != o.dtype) {
            try (Temporaries t = new Temporaries(this)) {
                Layout packed = Layout.contiguous(outLayout.shape());
                CudaStorage result = t.empty(compute, n);
                addcmul(t.cast(of(x), xLayout, compute), packed, t.cast(of(t1), t1Layout, compute), packed,
                        t.cast(of(t2), t2Layout, compute), packed, value, result, packed);
                copy(result, packed, o, outLayout);
            }
            return;
        }
        int[][] p = StridedArgs.pack(outLayout, xLayout, t1Layout, t2Layout);
        kernels.launch(KernelNames.addcmul(o.dtype), n, p[1], of(x).arg(), p[2], of(t1).arg(), p[3], of(t2).arg(),
                value, p[0], o.arg(), n);
    }

    @Override
    public void reduce(ReduceOp op, Storage x, Layout xLayout, int[] dims, Storage out, Layout outLayout) {
        CudaStorage xs = of(x);
        CudaStorage o = of(out);
        ReductionLayouts r = ReductionLayouts.of(xLayout, dims);
        if (r.outputs() == 0) return;
        boolean direct = outLayout.isContiguous() && outLayout.offset() == 0;
        try (Temporaries t = new Temporaries(this)) {
            CudaStorage target = direct ? o : t.empty(o.dtype, r.outputs());
            ReductionSplit split = r.split();
            if (!split.twoPass()) {
                kernels.launchPerBlock(KernelNames.reduce(op, xs.dtype), r.outputs(), r.outer(), r.inner(), xs.arg(),
                        target.arg(), r.outputs(), r.perOutput());
            } else {   // few outputs of many elements: a block per part, then a block per output (ReductionSplit)
                int partials = r.outputs() * split.parts();   // fewer than 2048 (ReductionSplit)
                CudaStorage values = t.empty(ReductionSplit.partialType(xs.dtype), partials);
                String first = KernelNames.reducePartials(op, xs.dtype), second = KernelNames.reduceCombine(op, xs.dtype);
                if (op == ReduceOp.SUM || op == ReduceOp.PROD) {
                    kernels.launchPerBlock(first, partials, r.outer(), r.inner(), xs.arg(), values.arg(), r.outputs(),
                            r.perOutput(), split.parts(), split.partLength());
                    kernels.launchPerBlock(second, r.outputs(), values.arg(), target.arg(), r.outputs(), split.parts());
                } else {
                    CudaStorage indices = t.empty(DType.INT64, partials);
                    kernels.launchPerBlock(first, partials, r.outer(), r.inner(), xs.arg(), values.arg(), indices.arg(),
                            r.outputs(), r.perOutput(), split.parts(), split.partLength());
                    kernels.launchPerBlock(second, r.outputs(), values.arg(), indices.arg(), target.arg(), r.outputs(),
                            split.parts());
                }
            }
            if (!direct) copy(target, Layout.contiguous(outLayout.shape()), o, outLayout);
        }
    }

    @Override
    public void matmul(Storage a, Layout aLayout, Storage b, Layout bLayout, Storage out, Layout outLayout,
                       boolean accumulate) {
        CudaStorage o = of(out);
        DType compute = ComputeTypes.floating(o.dtype);
        if (compute != o.dtype) {
            try (Temporaries t = new Temporaries(this)) {
                Layout packed = Layout.contiguous(outLayout.shape());
                CudaStorage result = accumulate ? t.cast(o, outLayout, compute) : t.empty(compute, outLayout.numel());
                matmul.run(t.cast(of(a), aLayout, compute), Layout.contiguous(aLayout.shape()),
                        t.cast(of(b), bLayout, compute), Layout.contiguous(bLayout.shape()), result, packed, accumulate);
                copy(result, packed, o, outLayout);
            }
            return;
        }
        matmul.run(of(a), aLayout, of(b), bLayout, o, outLayout, accumulate);
    }

    /**
     * cuDNN in the operands' dtype; float16 and bfloat16 accumulate in float32 and round once
     * ({@link ConvolutionKey#computeType}). A bias is the op's own ADD afterwards, in float and rounded once.
     */
    @Override
    public void conv2d(Storage x, int[] xShape, Storage w, int[] wShape, ConvGeometry g, Storage out, int[] outShape) {
        if (widened(of(out), outShape, (t, result) -> convolution.forward(t.cast(of(x), xShape, result.dtype), xShape,
                t.cast(of(w), wShape, result.dtype), wShape, g, result, outShape))) return;
        convolution.forward(of(x), xShape, of(w), wShape, g, of(out), outShape);
    }

    @Override
    public void conv2dBackwardInput(Storage dy, int[] dyShape, Storage w, int[] wShape, ConvGeometry g,
                                    Storage dx, int[] dxShape) {
        if (widened(of(dx), dxShape, (t, result) -> convolution.backwardInput(t.cast(of(dy), dyShape, result.dtype),
                dyShape, t.cast(of(w), wShape, result.dtype), wShape, g, result, dxShape))) return;
        convolution.backwardInput(of(dy), dyShape, of(w), wShape, g, of(dx), dxShape);
    }

    @Override
    public void conv2dBackwardWeight(Storage x, int[] xShape, Storage dy, int[] dyShape, ConvGeometry g,
                                     Storage dw, int[] dwShape) {
        if (widened(of(dw), dwShape, (t, result) -> convolution.backwardWeight(t.cast(of(x), xShape, result.dtype),
                xShape, t.cast(of(dy), dyShape, result.dtype), dyShape, g, result, dwShape))) return;
        convolution.backwardWeight(of(x), xShape, of(dy), dyShape, g, of(dw), dwShape);
    }

    @Override
    public void maxPool2d(Storage x, int[] xShape, PoolGeometry g, Storage out, Storage indices, int[] outShape) {
        CudaStorage xs = of(x);
        if (widened(of(out), outShape, (t, result) ->
                maxPool2d(t.cast(xs, xShape, result.dtype), xShape, g, result, indices, outShape))) return;
        kernels.launch(KernelNames.maxPool2d(xs.dtype), numel(outShape),
                poolArgs(xShape, outShape, g, xs.arg(), of(out).arg(), of(indices).arg()));
    }

    @Override
    public void avgPool2d(Storage x, int[] xShape, PoolGeometry g, Storage out, int[] outShape) {
        CudaStorage xs = of(x);
        if (widened(of(out), outShape, (t, result) ->
                avgPool2d(t.cast(xs, xShape, result.dtype), xShape, g, result, outShape))) return;
        kernels.launch(KernelNames.avgPool2d(xs.dtype), numel(outShape),
                poolArgs(xShape, outShape, g, xs.arg(), of(out).arg()));
    }

    @Override
    public void avgPool2dBackward(Storage dy, int[] dyShape, PoolGeometry g, Storage dx, int[] dxShape) {
        CudaStorage d = of(dy);
        if (widened(of(dx), dxShape, (t, result) ->
                avgPool2dBackward(t.cast(d, dyShape, result.dtype), dyShape, g, result, dxShape))) return;
        kernels.launch(KernelNames.avgPool2dBackward(d.dtype), numel(dxShape),
                poolArgs(dxShape, dyShape, g, d.arg(), of(dx).arg()));
    }

    /**
     * For an output dtype without kernels of its own ({@link ComputeTypes#floating}): runs {@code body} into a
     * contiguous result of the wider dtype, which the body's inputs are cast to, and casts the result back into
     * {@code out}. Returns false, doing nothing, when the dtype has its own kernels.
     */
    private boolean widened(CudaStorage out, int[] shape, BiConsumer<Temporaries, CudaStorage> body) {
        DType compute = ComputeTypes.floating(out.dtype);
        if (compute == out.dtype) return false;
        try (Temporaries t = new Temporaries(this)) {
            CudaStorage result = t.empty(compute, numel(shape));
            body.accept(t, result);
            copy(result, Layout.contiguous(shape), out, Layout.contiguous(shape));
        }
        return true;
    }

    /** The pooling kernels' parameters: the pointers, then N, C, H, W, oH, oW and the window geometry. */
    private static Object[] poolArgs(int[] inShape, int[] outShape, PoolGeometry g, Object... pointers) {
        Object[] geometry = {inShape[0], inShape[1], inShape[2], inShape[3], outShape[2], outShape[3],
                g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW()};
        Object[] all = new Object[pointers.length + geometry.length];
        System.arraycopy(pointers, 0, all, 0, pointers.length);
        System.arraycopy(geometry, 0, all, pointers.length, geometry.length);
        return all;
    }

    /**
     * The composite of this backend's own kernels: cuDNN's batch norm (bound in {@link Cudnn}) is not wired yet. The
     * half types run it in float32 and round each result once, as the CPU does ({@link ComposedBatchNorm}).
     */
    @Override
    public void batchNorm(Storage x, int n, int channels, int inner, Storage weight, Storage bias, double eps,
                          Storage out, Storage mean, Storage var) {
        new ComposedBatchNorm(this).forward(x, n, channels, inner, weight, bias, eps, out, mean, var);
    }

    @Override
    public void batchNormBackward(Storage dy, Storage x, int n, int channels, int inner, Storage mean, Storage var,
                                  Storage weight, double eps, Storage dx, Storage dWeight, Storage dBias) {
        new ComposedBatchNorm(this).backward(dy, x, n, channels, inner, mean, var, weight, eps, dx, dWeight, dBias);
    }

    @Override
    public void softmax(Storage x, int rows, int length, boolean log, Storage out) {
        CudaStorage xs = of(x);
        kernels.launchPerBlock(KernelNames.softmax(xs.dtype), rows, xs.arg(), of(out).arg(), rows, length, log ? 1 : 0);
    }

    /**
     * One thread per row along {@code dim} (kernels/ABI.md's simple form): the rows' positions come from the kept
     * dims of x and out, packed and merged together; the scanned dim is passed as its length and two strides.
     */
    @Override
    public void scan(ScanOp op, Storage x, Layout xLayout, int dim, Storage out, Layout outLayout, Storage indices) {
        CudaStorage xs = of(x);
        if (!op.accepts(xs.dtype)) throw new IllegalArgumentException(op + ": no CUDA kernel for " + xs.dtype);
        int length = xLayout.shape()[dim];
        int[] scanned = {dim};
        Layout xRows = xLayout.keptDims(scanned);
        int rows = launchCount(lower(op), xRows.numel());
        if (rows == 0 || length == 0) return;
        int[][] p = StridedArgs.pack(xRows, outLayout.keptDims(scanned));
        String name = KernelNames.scan(op, xs.dtype);
        int xStride = xLayout.intStride(dim);
        int outStride = outLayout.intStride(dim);
        if (op.hasIndices()) {
            kernels.launch(name, rows, p[0], xs.arg(), xStride, p[1], of(out).arg(), of(indices).arg(), outStride,
                    length, rows);
        } else {
            kernels.launch(name, rows, p[0], xs.arg(), xStride, p[1], of(out).arg(), outStride, length, rows);
        }
    }

    /**
     * One thread per line (kernels/ABI.md {@code sort_T}): each merge-sorts its line between the outputs and its own
     * row of scratch, so the scratch is one output's worth of values and indices.
     */
    @Override
    public void sort(Storage x, Layout xLayout, int dim, boolean descending, Storage values, Storage indices) {
        CudaStorage xs = of(x);
        int[] kept = {dim};
        Layout lines = xLayout.keptDims(kept);
        Layout out = Layout.contiguous(xLayout.shape());
        int rows = launchCount("sort", lines.numel()), length = xLayout.size(dim);
        launchCount("sort", out.numel());
        if (rows == 0 || length == 0) return;
        try (Temporaries t = new Temporaries(this)) {
            CudaStorage scratchValues = t.empty(xs.dtype, out.numel());
            CudaStorage scratchIndices = t.empty(DType.INT64, out.numel());
            kernels.launch(KernelNames.sort(xs.dtype), rows, StridedArgs.exact(lines), xs.arg(), xLayout.intStride(dim),
                    StridedArgs.exact(out.keptDims(kept)), out.intStride(dim), of(values).arg(), of(indices).arg(),
                    scratchValues.arg(), scratchIndices.arg(), rows, length, descending ? 1 : 0);
        }
    }

    @Override
    public void gather(Storage src, Layout srcLayout, int dim, Storage index, Layout indexLayout, Storage out,
                       Layout outLayout) {
        CudaStorage s = of(src);
        int n = launchCount("gather", outLayout.numel());
        kernels.launch(KernelNames.gather(s.dtype), n, StridedArgs.exact(srcLayout), s.arg(), dim,
                StridedArgs.exact(indexLayout), of(index).arg(), StridedArgs.exact(outLayout), of(out).arg(), n);
    }

    /**
     * Replace moves bits (every dtype has its kernel). Add is atomic; the half types add in a float32 copy of dst
     * ({@link ComputeTypes#scatterAdd}) and round each element once at the end, as the CPU's HalfKernels does: a
     * half atomic would round at every add.
     */
    @Override
    public void scatter(ScatterMode mode, Storage dst, Layout dstLayout, int dim, Storage index, Layout indexLayout,
                        Storage src, Layout srcLayout) {
        CudaStorage d = of(dst);
        int n = launchCount("scatter", indexLayout.numel());
        DType compute = mode == ScatterMode.ADD ? ComputeTypes.scatterAdd(d.dtype) : d.dtype;
        if (compute != d.dtype) {
            if (n == 0) return;
            try (Temporaries t = new Temporaries(this)) {
                Layout packed = Layout.contiguous(dstLayout.shape());
                CudaStorage sums = t.cast(d, dstLayout, compute);
                scatter(mode, sums, packed, dim, index, indexLayout, t.cast(of(src), srcLayout, compute),
                        Layout.contiguous(srcLayout.shape()));
                copy(sums, packed, d, dstLayout);
            }
            return;
        }
        kernels.launch(KernelNames.scatter(mode, d.dtype), n, StridedArgs.exact(dstLayout), d.arg(), dim,
                StridedArgs.exact(indexLayout), of(index).arg(), StridedArgs.exact(srcLayout), of(src).arg(), n);
    }

    @Override
    public void random(Distribution distribution, long seed, long counter, Storage out, long count) {
        int size = launchCount("random", count);
        CudaStorage o = of(out);
        if (!o.dtype.isFloating()) {
            throw new IllegalArgumentException("random numbers are floating (float32, float64, float16, bfloat16), not "
                    + o.dtype);
        }
        kernels.launch(KernelNames.random(distribution, o.dtype), size, seed, counter, o.arg(), size);
    }

    private static String lower(Enum<?> e) { return e.name().toLowerCase(java.util.Locale.ROOT); }

    /**
     * An element count as a launch takes it: the kernels' counts and {@code Strided} arguments are 32-bit
     * (kernels/ABI.md), so a larger operand is refused naming the op before anything is queued. Allocation, zeros and
     * contiguous same-dtype copies (a memcpy) take any size.
     */
    static int launchCount(String op, long n) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + n + " elements; the CUDA kernels take at most "
                    + Integer.MAX_VALUE + " per launch (32-bit counts and strides, kernels/ABI.md); allocation, zeros "
                    + "and contiguous copies handle more");
        }
        return (int) n;
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Waits for every queued kernel of this device. */
    void synchronize() { context.synchronize(); }

    /** The stream every kernel, copy and library call of this device is queued on (NCCL joins it). */
    @Override
    public java.lang.foreign.MemorySegment stream() {
        return java.lang.foreign.MemorySegment.ofAddress(context.stream.address());
    }

    @Override
    public String toString() { return "CudaBackend(" + context + ")"; }
}

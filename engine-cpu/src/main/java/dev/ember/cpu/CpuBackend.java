package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Shape;
import dev.ember.backend.Backend;
import dev.ember.backend.BinaryOp;
import dev.ember.backend.ConvGeometry;
import dev.ember.backend.CounterRandom;
import dev.ember.backend.Distribution;
import dev.ember.backend.Layout;
import dev.ember.backend.PoolGeometry;
import dev.ember.backend.ReduceOp;
import dev.ember.backend.ScanOp;
import dev.ember.backend.ScatterMode;
import dev.ember.backend.Storage;
import dev.ember.backend.UnaryOp;
import dev.ember.cpu.HalfKernels.Wide;

/**
 * The CPU backend: the reference every other backend is checked against. Each kernel lives in its own class.
 *
 * <p>{@link #allocate} and {@link #zeros} reuse the arrays of released storages ({@link CpuArrayPool}): an array from
 * {@link #allocate} holds whatever its last storage left, as fresh GPU memory does, and every kernel writes all of
 * its output. With {@code -Dember.debug.poison=true} every {@link #allocate} comes filled with values no kernel
 * produces by chance (NaN, the integer maximum, {@code true}) instead, as PyTorch fills uninitialized memory in
 * its deterministic mode: an op that reads an output it did not ask {@link #zeros} for then shows garbage on the CPU
 * too, instead of only on a GPU, whose fresh memory holds whatever the last user left there. No CPU kernel relies
 * on a zeroed output: those that add into theirs (average pooling's and convolution's input gradients, GEMM with
 * an inner size of 0) clear it first. In that mode a released storage's array is poisoned too, so a read of memory
 * after the last tensor on it was closed shows garbage as well.
 *
 * <p>float16 and bfloat16 operands go through {@link HalfKernels}: widened to float32, computed by the float32
 * kernel, rounded once into the half output. Copy and fill work on the half arrays themselves, and matmul reads them
 * as its GEMM packs them ({@link HalfPanels}), which saves widened copies of both operands.
 *
 * <p>Sizes beyond a Java array: {@link #allocate} gives a {@link CpuLargeStorage} (native memory, never pooled) past
 * {@link CpuLargeStorage#MAX_ARRAY} elements; fill, copy, toArray and SUM take such operands, and views whose count or
 * storage indices pass the int range, through {@link LargeKernels}; every other kernel first calls
 * {@link SizeLimits#check}, which refuses them naming the op.
 */
final class CpuBackend implements Backend {
    static final CpuBackend INSTANCE = new CpuBackend(Boolean.getBoolean("ember.debug.poison"), CpuArrayPool.SHARED);

    private final boolean poison;
    private final CpuArrayPool pool;

    CpuBackend(boolean poison) { this(poison, CpuArrayPool.SHARED); }

    CpuBackend(boolean poison, CpuArrayPool pool) {
        this.poison = poison;
        this.pool = pool;
    }

    private static CpuStorage c(Storage s) { return CpuStorage.of(s); }

    @Override
    public Device device() { return Device.CPU; }

    /** Memory reuse: the arrays of released storages come back from {@link CpuArrayPool}, unzeroed here. */
    @Override
    public Storage allocate(DType dtype, long size) {
        if (size > CpuLargeStorage.MAX_ARRAY) return CpuLargeStorage.allocate(dtype, size);   // zeroed, never poisoned
        CpuStorage s = CpuStorage.pooled(pool, dtype, (int) size, false, poison);
        return poison ? CpuStorage.poison(s) : s;
    }

    @Override
    public Storage zeros(DType dtype, long size) {
        if (size > CpuLargeStorage.MAX_ARRAY) return CpuLargeStorage.allocate(dtype, size);
        return CpuStorage.pooled(pool, dtype, (int) size, true, poison);
    }

    @Override
    public Storage fromArray(Object array) {
        CpuStorage wrapped = CpuStorage.wrap(array);
        int n = (int) wrapped.size();   // a Java array's length
        CpuStorage copy = CpuStorage.pooled(pool, wrapped.dtype, n, false, poison);
        System.arraycopy(array, 0, copy.array, 0, n);
        return copy;
    }

    @Override
    public Object toArray(Storage storage, Layout layout) {
        if (LargeKernels.needed(storage, layout)) return LargeKernels.toArray(storage, layout);
        CpuStorage out = CpuStorage.allocate(storage.dtype(), layout.intNumel());
        CpuElementwise.copy(c(storage), layout, out, Layout.contiguous(layout.shape()));
        return out.array;
    }

    @Override
    public void copy(Storage src, Layout srcLayout, Storage dst, Layout dstLayout) {
        if (LargeKernels.needed(src, srcLayout) || LargeKernels.needed(dst, dstLayout)) {
            LargeKernels.copy(src, srcLayout, dst, dstLayout);
            return;
        }
        CpuElementwise.copy(c(src), srcLayout, c(dst), dstLayout);
    }

    @Override
    public void fill(Storage dst, Layout layout, double value) {
        if (LargeKernels.needed(dst, layout)) LargeKernels.fill(dst, layout, value);
        else CpuElementwise.fill(c(dst), layout, value);
    }

    @Override
    public void unary(UnaryOp op, double param, Storage x, Layout xl, Storage out, Layout ol) {
        SizeLimits.check(op, x, xl, out, ol);
        Wide a = HalfKernels.widen(c(x), xl), o = HalfKernels.widenOutput(c(out), ol, false);
        CpuElementwise.unary(op, param, a.storage(), a.layout(), o.storage(), o.layout());
        HalfKernels.narrow(o, c(out), ol);
    }

    @Override
    public void binary(BinaryOp op, Storage a, Layout al, Storage b, Layout bl, Storage out, Layout ol) {
        SizeLimits.check(op, a, al, b, bl, out, ol);
        Wide wa = HalfKernels.widen(c(a), al), wb = HalfKernels.widen(c(b), bl), o = HalfKernels.widenOutput(c(out), ol, false);
        CpuElementwise.binary(op, wa.storage(), wa.layout(), wb.storage(), wb.layout(), o.storage(), o.layout());
        HalfKernels.narrow(o, c(out), ol);
    }

    @Override
    public void where(Storage cond, Layout cl, Storage a, Layout al, Storage b, Layout bl, Storage out, Layout ol) {
        SizeLimits.check("where", cond, cl, a, al, b, bl, out, ol);
        Wide wa = HalfKernels.widen(c(a), al), wb = HalfKernels.widen(c(b), bl), o = HalfKernels.widenOutput(c(out), ol, false);
        CpuElementwise.where(c(cond), cl, wa.storage(), wa.layout(), wb.storage(), wb.layout(), o.storage(), o.layout());
        HalfKernels.narrow(o, c(out), ol);
    }

    @Override
    public void addcmul(Storage x, Layout xl, Storage t1, Layout l1, Storage t2, Layout l2, double value, Storage out, Layout ol) {
        SizeLimits.check("addcmul", x, xl, t1, l1, t2, l2, out, ol);
        Wide wx = HalfKernels.widen(c(x), xl), w1 = HalfKernels.widen(c(t1), l1), w2 = HalfKernels.widen(c(t2), l2);
        Wide o = HalfKernels.widenOutput(c(out), ol, false);
        CpuElementwise.addcmul(wx.storage(), wx.layout(), w1.storage(), w1.layout(), w2.storage(), w2.layout(), value,
                o.storage(), o.layout());
        HalfKernels.narrow(o, c(out), ol);
    }

    @Override
    public void reduce(ReduceOp op, Storage x, Layout xl, int[] dims, Storage out, Layout ol) {
        if (op == ReduceOp.SUM && (LargeKernels.needed(x, xl) || LargeKernels.needed(out, ol))) {
            LargeKernels.sum(x, xl, dims, out, ol);
            return;
        }
        SizeLimits.check(op, x, xl, out, ol);
        Wide wx = HalfKernels.widen(c(x), xl), o = HalfKernels.widenOutput(c(out), ol, false);
        CpuReduce.reduce(op, wx.storage(), wx.layout(), dims, o.storage());
        HalfKernels.narrow(o, c(out), ol);
    }

    @Override
    public void scan(ScanOp op, Storage x, Layout xl, int dim, Storage out, Layout ol, Storage indices) {
        SizeLimits.check(op, x, xl, out, ol, indices);
        Wide wx = HalfKernels.widen(c(x), xl), o = HalfKernels.widenOutput(c(out), ol, false);
        CpuScan.scan(op, wx.storage(), wx.layout(), dim, o.storage(), o.layout(), indices == null ? null : c(indices));
        HalfKernels.narrow(o, c(out), ol);
    }

    @Override
    public void matmul(Storage a, Layout al, Storage b, Layout bl, Storage out, Layout ol, boolean accumulate) {
        SizeLimits.check("matmul", a, al, b, bl, out, ol);
        CpuMatmul.matmul(c(a), al, c(b), bl, c(out), ol, accumulate);   // half operands widen as the GEMM packs them
    }

    @Override
    public void conv2d(Storage x, int[] xs, Storage w, int[] ws, ConvGeometry g, Storage out, int[] os) {
        SizeLimits.check("conv2d", x, xs, w, ws, out, os);
        CpuStorage o = HalfKernels.widenOutput(c(out), IntSizes.numel(os));
        CpuConvolution.forward(HalfKernels.widen(c(x), IntSizes.numel(xs)), xs, HalfKernels.widen(c(w), IntSizes.numel(ws)), ws, g, o, os);
        HalfKernels.narrow(o, c(out), IntSizes.numel(os));
    }

    @Override
    public void conv2dBackwardInput(Storage dy, int[] dys, Storage w, int[] ws, ConvGeometry g, Storage dx, int[] dxs) {
        SizeLimits.check("conv2dBackwardInput", dy, dys, w, ws, dx, dxs);
        CpuStorage o = HalfKernels.widenOutput(c(dx), IntSizes.numel(dxs));
        CpuConvolution.backwardInput(HalfKernels.widen(c(dy), IntSizes.numel(dys)), dys, HalfKernels.widen(c(w), IntSizes.numel(ws)), ws, g, o, dxs);
        HalfKernels.narrow(o, c(dx), IntSizes.numel(dxs));
    }

    @Override
    public void conv2dBackwardWeight(Storage x, int[] xs, Storage dy, int[] dys, ConvGeometry g, Storage dw, int[] dws) {
        SizeLimits.check("conv2dBackwardWeight", x, xs, dy, dys, dw, dws);
        CpuStorage o = HalfKernels.widenOutput(c(dw), IntSizes.numel(dws));
        CpuConvolution.backwardWeight(HalfKernels.widen(c(x), IntSizes.numel(xs)), xs, HalfKernels.widen(c(dy), IntSizes.numel(dys)), dys, g, o, dws);
        HalfKernels.narrow(o, c(dw), IntSizes.numel(dws));
    }

    @Override
    public void maxPool2d(Storage x, int[] xs, PoolGeometry g, Storage out, Storage indices, int[] os) {
        SizeLimits.check("maxPool2d", x, xs, out, indices, os);
        CpuStorage o = HalfKernels.widenOutput(c(out), IntSizes.numel(os));
        CpuPooling.max(HalfKernels.widen(c(x), IntSizes.numel(xs)), xs, g, o, c(indices), os);
        HalfKernels.narrow(o, c(out), IntSizes.numel(os));
    }

    @Override
    public void avgPool2d(Storage x, int[] xs, PoolGeometry g, Storage out, int[] os) {
        SizeLimits.check("avgPool2d", x, xs, out, os);
        CpuStorage o = HalfKernels.widenOutput(c(out), IntSizes.numel(os));
        CpuPooling.average(HalfKernels.widen(c(x), IntSizes.numel(xs)), xs, g, o, os);
        HalfKernels.narrow(o, c(out), IntSizes.numel(os));
    }

    @Override
    public void avgPool2dBackward(Storage dy, int[] dys, PoolGeometry g, Storage dx, int[] dxs) {
        SizeLimits.check("avgPool2dBackward", dy, dys, dx, dxs);
        CpuStorage o = HalfKernels.widenOutput(c(dx), IntSizes.numel(dxs));
        CpuPooling.averageBackward(HalfKernels.widen(c(dy), IntSizes.numel(dys)), dys, g, o, dxs);
        HalfKernels.narrow(o, c(dx), IntSizes.numel(dxs));
    }

    @Override
    public void softmax(Storage x, int rows, int length, boolean log, Storage out) {
        SizeLimits.check(log ? "logSoftmax" : "softmax", x, out, (long) rows * length);
        int n = Math.multiplyExact(rows, length);
        CpuStorage o = HalfKernels.widenOutput(c(out), n);
        CpuSoftmax.softmax(HalfKernels.widen(c(x), n), rows, length, log, o);
        HalfKernels.narrow(o, c(out), n);
    }

    @Override
    public void batchNorm(Storage x, int n, int channels, int inner, Storage weight, Storage bias, double eps,
                          Storage out, Storage mean, Storage var) {
        SizeLimits.check("batchNorm", x, weight, bias, out, mean, var, (long) n * channels * inner);
        int size = n * channels * inner;
        CpuStorage o = HalfKernels.widenOutput(c(out), size), m = HalfKernels.widenOutput(c(mean), channels),
                v = HalfKernels.widenOutput(c(var), channels);
        CpuBatchNorm.forward(HalfKernels.widen(c(x), size), n, channels, inner, wideOrNull(weight, channels),
                wideOrNull(bias, channels), eps, o, m, v);
        HalfKernels.narrow(o, c(out), size);
        HalfKernels.narrow(m, c(mean), channels);
        HalfKernels.narrow(v, c(var), channels);
    }

    @Override
    public void batchNormBackward(Storage dy, Storage x, int n, int channels, int inner, Storage mean, Storage var,
                                  Storage weight, double eps, Storage dx, Storage dWeight, Storage dBias) {
        SizeLimits.check("batchNormBackward", dy, x, mean, var, weight, dx, dWeight, dBias, (long) n * channels * inner);
        int size = n * channels * inner;
        CpuStorage gx = dx == null ? null : HalfKernels.widenOutput(c(dx), size);
        CpuStorage gw = dWeight == null ? null : HalfKernels.widenOutput(c(dWeight), channels);
        CpuStorage gb = dBias == null ? null : HalfKernels.widenOutput(c(dBias), channels);
        CpuBatchNorm.backward(HalfKernels.widen(c(dy), size), HalfKernels.widen(c(x), size), n, channels, inner,
                HalfKernels.widen(c(mean), channels), HalfKernels.widen(c(var), channels), wideOrNull(weight, channels),
                eps, gx, gw, gb);
        if (gx != null) HalfKernels.narrow(gx, c(dx), size);
        if (gw != null) HalfKernels.narrow(gw, c(dWeight), channels);
        if (gb != null) HalfKernels.narrow(gb, c(dBias), channels);
    }

    /** A per-channel operand as float32 (widened when half), or null. */
    private static CpuStorage wideOrNull(Storage s, int size) { return s == null ? null : HalfKernels.widen(c(s), size); }

    @Override
    public void sort(Storage x, Layout xl, int dim, boolean descending, Storage values, Storage indices) {
        SizeLimits.check("sort", x, xl, values, indices);
        Wide wx = HalfKernels.widen(c(x), xl);
        CpuStorage v = HalfKernels.widenOutput(c(values), xl.intNumel());
        CpuSort.sort(wx.storage(), wx.layout(), dim, descending, v, c(indices));
        HalfKernels.narrow(v, c(values), xl.intNumel());
    }

    @Override
    public void gather(Storage src, Layout sl, int dim, Storage index, Layout il, Storage out, Layout ol) {
        SizeLimits.check("gather", src, sl, index, il, out, ol);
        Wide ws = HalfKernels.widen(c(src), sl), o = HalfKernels.widenOutput(c(out), ol, false);
        CpuIndexing.gather(ws.storage(), ws.layout(), dim, c(index), il, o.storage(), o.layout());
        HalfKernels.narrow(o, c(out), ol);
    }

    @Override
    public void scatter(ScatterMode mode, Storage dst, Layout dl, int dim, Storage index, Layout il, Storage src, Layout sl) {
        SizeLimits.check("scatter", dst, dl, index, il, src, sl);
        Wide d = HalfKernels.widenOutput(c(dst), dl, true), ws = HalfKernels.widen(c(src), sl);
        CpuIndexing.scatter(mode, d.storage(), d.layout(), dim, c(index), il, ws.storage(), ws.layout());
        HalfKernels.narrow(d, c(dst), dl);
    }

    @Override
    public void random(Distribution distribution, long seed, long counter, Storage out, long count) {
        SizeLimits.check("random", out, count);
        int size = (int) count;
        if (HalfKernels.isHalf(c(out))) {   // the float32 stream, rounded
            CpuStorage wide = HalfKernels.widenOutput(c(out), size);
            random(distribution, seed, counter, wide, size);
            if (distribution == Distribution.UNIFORM) {
                // PyTorch's half uniform keeps the type's significand bits only (k / 2^11, k / 2^8), so it stays
                // below 1; rounding float32's draw to nearest could give 1.0 (and bernoulli(p=1) a 0)
                float steps = c(out).dtype == DType.FLOAT16 ? 0x1p11f : 0x1p8f;
                float[] a = (float[]) wide.array;
                for (int i = 0; i < size; i++) a[i] = (float) Math.floor(a[i] * steps) / steps;
            }
            HalfKernels.narrow(wide, c(out), size);
            return;
        }
        CpuStorage o = c(out);
        Parallel.forRange(size, size * 16L, (start, end) -> {
            switch (o.array) {
                case float[] a when distribution == Distribution.UNIFORM -> {
                    for (int i = start; i < end; i++) a[i] = CounterRandom.uniformFloat(seed, counter + i);
                }
                case float[] a -> { for (int i = start; i < end; i++) a[i] = (float) CounterRandom.normal(seed, counter + 2L * i); }
                case double[] a when distribution == Distribution.UNIFORM -> {
                    for (int i = start; i < end; i++) a[i] = CounterRandom.uniform(seed, counter + i);
                }
                case double[] a -> { for (int i = start; i < end; i++) a[i] = CounterRandom.normal(seed, counter + 2L * i); }
                default -> throw new IllegalArgumentException("random numbers are floating, not " + o.dtype);
            }
        });
    }

    @Override
    public String toString() { return "CpuBackend(" + Parallel.threads() + " threads" + (poison ? ", poisoned allocations" : "") + ")"; }
}

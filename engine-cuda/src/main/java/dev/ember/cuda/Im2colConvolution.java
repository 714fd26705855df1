package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.backend.Backend;
import dev.ember.backend.BinaryOp;
import dev.ember.backend.ConvGeometry;
import dev.ember.backend.Layout;
import dev.ember.backend.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Convolution and its two gradients as im2col and one batched matrix product, written only with {@link Backend}
 * calls (copy, fill, binary ADD, matmul) so that any backend runs it: on CUDA it is the fallback for the directions
 * cuDNN offers no algorithm for ({@link ConvolutionPlan.Fallback}), its copies are the strided copy kernel and its
 * products cuBLAS; on the CPU it is checked against the CPU's own convolution.
 *
 * <p>The column matrix is a strided view, not a gather: with {@code xp} the zero-padded input
 * {@code [N, C, Hp, Wp]}, element {@code (c, ki, kj, n, i, j)} of the columns is
 * {@code xp[n, c, i*strideH + ki*dilationH, j*strideW + kj*dilationW]}, so one strided copy makes the columns
 * {@code [C*kH*kW, N*oH*oW]}, i.e. {@code [groups, K, N*P]} with {@code K = C/groups * kH * kW} and
 * {@code P = oH * oW}. Putting the images beside the output positions makes each group one matrix:
 * <ul>
 *   <li>forward: {@code y_g [Mg, N*P] = W_g [Mg, K] cols_g}, then one copy puts {@code y} back in NCHW order;
 *   <li>weight gradient: {@code dW_g [Mg, K] = dy_g [Mg, N*P] cols_gᵀ}: the sum over images is the product's own;
 *   <li>input gradient: {@code dcols_g [K, N*P] = W_gᵀ dy_g}, then col2im: for each kernel tap {@code (ki, kj)} one
 *       strided ADD of its rows into the padded gradient (the taps' windows overlap, so they go one after another),
 *       and one copy of the interior out.
 * </ul>
 * Every product is one batched matmul over the groups with transposes as strides. Images are taken in chunks whose
 * column matrix holds at most {@code columnBudget} elements (the weight gradient adds each chunk's product into
 * {@code dW}). Padding and the col2im accumulator come from {@link Backend#zeros}; what a copy or a product writes
 * whole, from {@link Backend#allocate}.
 *
 * <p>float16 and bfloat16 run in float32: the operands are cast once, and the float32 result is rounded once into
 * the output, as the CPU's half convolution and cuDNN's float32 compute type do. Run in the half type itself, col2im
 * would round after every kernel tap's ADD and the weight gradient after every chunk's product.
 *
 * <pre>{@code
 * new Im2colConvolution(backend).forward(x, new int[] {8, 4, 9, 9}, w, new int[] {6, 2, 3, 3},
 *         new ConvGeometry(1, 1, 2, 2, 2, 2, 2), y, new int[] {8, 6, 9, 9});
 * }</pre>
 */
final class Im2colConvolution {
    /** Column-matrix elements per chunk of images: 256 MiB of float64. */
    static final int COLUMN_BUDGET = 1 << 25;

    private final Backend backend;
    private final int columnBudget;

    Im2colConvolution(Backend backend) { this(backend, COLUMN_BUDGET); }

    Im2colConvolution(Backend backend, int columnBudget) {
        if (columnBudget < 1) throw new IllegalArgumentException("column budget must be >= 1, got " + columnBudget);
        this.backend = backend;
        this.columnBudget = columnBudget;
    }

    /** {@code y [N, M, oH, oW] = conv(x [N, C, H, W], w [M, C/groups, kH, kW])}, all contiguous. */
    void forward(Storage x, int[] xShape, Storage w, int[] wShape, ConvGeometry g, Storage y, int[] yShape) {
        if (y.dtype().isHalf()) {
            inFloat32(y, yShape, (scratch, wide) ->
                    forward(scratch.widened(x, xShape), xShape, scratch.widened(w, wShape), wShape, g, wide, yShape));
            return;
        }
        Sizes s = Sizes.of(xShape, wShape, g, yShape);
        DType dtype = y.dtype();
        for (int n0 = 0; n0 < s.n; n0 += s.chunk(columnBudget)) {
            int n = Math.min(s.chunk(columnBudget), s.n - n0);
            try (Scratch scratch = new Scratch(backend)) {
                Storage cols = columns(scratch, x, s, n0, n, dtype);
                int np = n * s.p;
                Layout product = Layout.contiguous(s.groups, s.mg, np);
                // one image: [groups, Mg, P] is y's own layout, so the product goes straight there
                boolean direct = s.n == 1;
                Storage yt = direct ? y : scratch.empty(dtype, product.intNumel());
                backend.matmul(w, Layout.contiguous(s.groups, s.mg, s.k), cols, Layout.contiguous(s.groups, s.k, np),
                        yt, product, false);
                if (!direct) {
                    // yt[m, (n, p)] -> y[n, m, p]
                    backend.copy(yt, new Layout(new int[] {n, s.m, s.p}, new int[] {s.p, np, 1}, 0),
                            y, slice(new int[] {n, s.m, s.p}, n0));
                }
            }
        }
    }

    /** {@code dw [M, C/groups, kH, kW]}: the gradient of {@link #forward} with respect to {@code w}. */
    void backwardWeight(Storage x, int[] xShape, Storage dy, int[] dyShape, ConvGeometry g, Storage dw, int[] dwShape) {
        if (dw.dtype().isHalf()) {
            inFloat32(dw, dwShape, (scratch, wide) -> backwardWeight(scratch.widened(x, xShape), xShape,
                    scratch.widened(dy, dyShape), dyShape, g, wide, dwShape));
            return;
        }
        Sizes s = Sizes.of(xShape, dwShape, g, dyShape);
        DType dtype = dw.dtype();
        if (s.n == 0) backend.fill(dw, Layout.contiguous(dwShape), 0);   // no image: no product writes dw
        for (int n0 = 0; n0 < s.n; n0 += s.chunk(columnBudget)) {
            int n = Math.min(s.chunk(columnBudget), s.n - n0);
            try (Scratch scratch = new Scratch(backend)) {
                Storage cols = columns(scratch, x, s, n0, n, dtype);
                int np = n * s.p;
                Operand dyt = groupedGradient(scratch, dy, s, n0, n, dtype);
                Layout colsTransposed = new Layout(new int[] {s.groups, np, s.k}, new int[] {s.k * np, 1, np}, 0);
                backend.matmul(dyt.storage, dyt.layout, cols, colsTransposed, dw,
                        Layout.contiguous(s.groups, s.mg, s.k), n0 > 0);
            }
        }
    }

    /** {@code dx [N, C, H, W]}: the gradient of {@link #forward} with respect to {@code x}. */
    void backwardInput(Storage dy, int[] dyShape, Storage w, int[] wShape, ConvGeometry g, Storage dx, int[] dxShape) {
        if (dx.dtype().isHalf()) {
            inFloat32(dx, dxShape, (scratch, wide) -> backwardInput(scratch.widened(dy, dyShape), dyShape,
                    scratch.widened(w, wShape), wShape, g, wide, dxShape));
            return;
        }
        Sizes s = Sizes.of(dxShape, wShape, g, dyShape);
        DType dtype = dx.dtype();
        for (int n0 = 0; n0 < s.n; n0 += s.chunk(columnBudget)) {
            int n = Math.min(s.chunk(columnBudget), s.n - n0);
            try (Scratch scratch = new Scratch(backend)) {
                int np = n * s.p;
                Operand dyt = groupedGradient(scratch, dy, s, n0, n, dtype);
                Storage dcols = scratch.empty(dtype, s.columns(n));
                Layout wTransposed = new Layout(new int[] {s.groups, s.k, s.mg}, new int[] {s.mg * s.k, 1, s.k}, 0);
                backend.matmul(w, wTransposed, dyt.storage, dyt.layout, dcols, Layout.contiguous(s.groups, s.k, np),
                        false);

                Layout image = slice(new int[] {n, s.c, s.h, s.w}, n0);
                boolean padded = s.padH > 0 || s.padW > 0;
                Storage dxp = padded ? scratch.zeros(dtype, s.padded(n)) : dx;
                int base = padded ? 0 : image.intOffset();
                if (!padded) backend.fill(dx, image, 0);
                int taps = s.kh * s.kw;
                int[] shape = {s.c, n, s.oh, s.ow};
                // within one tap no two output positions share an element, so each ADD is free of write conflicts
                for (int ki = 0; ki < s.kh; ki++) {
                    for (int kj = 0; kj < s.kw; kj++) {
                        Layout window = new Layout(shape, new int[] {s.hp * s.wp, s.c * s.hp * s.wp,
                                s.strideH * s.wp, s.strideW}, base + ki * s.dilationH * s.wp + kj * s.dilationW);
                        Layout tap = new Layout(shape, new int[] {taps * np, s.p, s.ow, 1}, (ki * s.kw + kj) * np);
                        backend.binary(BinaryOp.ADD, dxp, window, dcols, tap, dxp, window);
                    }
                }
                if (padded) backend.copy(dxp, interior(s, n), dx, image);
            }
        }
    }

    /**
     * The columns of images {@code [n0, n0 + n)} of {@code x}: {@code [C, kH, kW, n, oH, oW]}, contiguous, which is
     * {@code [groups, K, n*P]}.
     */
    private Storage columns(Scratch scratch, Storage x, Sizes s, int n0, int n, DType dtype) {
        Storage xp = x;
        int base = n0 * s.c * s.h * s.w;
        if (s.padH > 0 || s.padW > 0) {
            xp = scratch.zeros(dtype, s.padded(n));
            backend.copy(x, slice(new int[] {n, s.c, s.h, s.w}, n0), xp, interior(s, n));
            base = 0;
        }
        int plane = s.hp * s.wp;
        Layout view = new Layout(new int[] {s.c, s.kh, s.kw, n, s.oh, s.ow}, new int[] {plane,
                s.dilationH * s.wp, s.dilationW, s.c * plane, s.strideH * s.wp, s.strideW}, base);
        Storage cols = scratch.empty(dtype, s.columns(n));
        backend.copy(xp, view, cols, Layout.contiguous(view.shape()));
        return cols;
    }

    /** A matmul operand: storage and layout. */
    private record Operand(Storage storage, Layout layout) {}

    /**
     * {@code dy} of images {@code [n0, n0 + n)} as {@code [groups, Mg, n*P]}: for one image that is {@code dy}'s own
     * layout; for more, a copy that puts the images beside the output positions.
     */
    private Operand groupedGradient(Scratch scratch, Storage dy, Sizes s, int n0, int n, DType dtype) {
        int np = n * s.p;
        Layout grouped = Layout.contiguous(s.groups, s.mg, np);
        if (n == 1) return new Operand(dy, new Layout(grouped.shape(), grouped.strides(), n0 * s.m * s.p));
        Storage dyt = scratch.empty(dtype, grouped.intNumel());
        // dy[n, m, p] -> dyt[m, (n, p)]
        backend.copy(dy, new Layout(new int[] {s.m, n, s.p}, new int[] {s.p, s.m * s.p, 1}, n0 * s.m * s.p),
                dyt, Layout.contiguous(s.m, n, s.p));
        return new Operand(dyt, grouped);
    }

    /**
     * Runs a half-type product in float32: {@code run} computes into a float32 {@code wide} of {@code shape} (widening
     * its inputs in the same scratch), which is then rounded once into {@code out}.
     */
    private void inFloat32(Storage out, int[] shape, java.util.function.BiConsumer<Scratch, Storage> run) {
        try (Scratch scratch = new Scratch(backend)) {
            Storage wide = scratch.empty(DType.FLOAT32, numel(shape));
            run.accept(scratch, wide);
            narrow(wide, out, shape);
        }
    }

    /** Rounds the float32 result {@code wide} once into the half-type output {@code out}. */
    private void narrow(Storage wide, Storage out, int[] shape) {
        Layout l = Layout.contiguous(shape);
        backend.copy(wide, l, out, l);
    }

    private static int numel(int[] shape) {
        return Layout.contiguous(shape).intNumel();
    }

    /** Images {@code [n0, n0 + shape[0])} of a contiguous tensor whose other dims are {@code shape[1..]}. */
    private static Layout slice(int[] shape, int n0) {
        Layout l = Layout.contiguous(shape);
        return new Layout(l.shape(), l.strides(), n0 * l.strides()[0]);
    }

    /** The unpadded part {@code [n, C, H, W]} of a padded {@code [n, C, Hp, Wp]} buffer. */
    private static Layout interior(Sizes s, int n) {
        return new Layout(new int[] {n, s.c, s.h, s.w}, new int[] {s.c * s.hp * s.wp, s.hp * s.wp, s.wp, 1},
                s.padH * s.wp + s.padW);
    }

    /** The sizes of one convolution, checked against each other; {@code k} and {@code p} as in the class comment. */
    private static final class Sizes {
        final int n, c, h, w, m, groups, mg, kh, kw, oh, ow, k, p, hp, wp;
        final int strideH, strideW, padH, padW, dilationH, dilationW;

        private Sizes(int[] xShape, int[] wShape, ConvGeometry g, int[] yShape) {
            n = xShape[0];
            c = xShape[1];
            h = xShape[2];
            w = xShape[3];
            m = wShape[0];
            groups = g.groups();
            mg = m / groups;
            kh = wShape[2];
            kw = wShape[3];
            oh = yShape[2];
            ow = yShape[3];
            k = c / groups * kh * kw;
            p = oh * ow;
            strideH = g.strideH();
            strideW = g.strideW();
            padH = g.padH();
            padW = g.padW();
            dilationH = g.dilationH();
            dilationW = g.dilationW();
            hp = h + 2 * padH;
            wp = w + 2 * padW;
        }

        static Sizes of(int[] xShape, int[] wShape, ConvGeometry g, int[] yShape) {
            int[] expected = {xShape[0], wShape[0], g.outH(xShape[2], wShape[2]), g.outW(xShape[3], wShape[3])};
            if (wShape[1] * g.groups() != xShape[1] || wShape[0] % g.groups() != 0
                    || !Arrays.equals(expected, yShape)) {
                throw new IllegalArgumentException("im2col convolution of x " + Arrays.toString(xShape) + " and w "
                        + Arrays.toString(wShape) + " with " + g + " gives " + Arrays.toString(expected) + ", not "
                        + Arrays.toString(yShape));
            }
            var s = new Sizes(xShape, wShape, g, yShape);
            s.padded(1);
            s.columns(1);
            return s;
        }

        /** Elements of the column matrix of {@code images} images. */
        int columns(int images) {
            return elements("column matrix", (long) images * c * kh * kw * p);
        }

        /** Elements of {@code images} padded images. */
        int padded(int images) {
            return elements("padded input", (long) images * c * hp * wp);
        }

        /** Images per chunk: as many as fit {@code budget} column elements, at least one. */
        int chunk(int budget) {
            return (int) Math.max(1, Math.min(n, budget / (long) columns(1)));
        }

        private static int elements(String what, long count) {
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the im2col convolution's " + what + " would hold " + count
                        + " elements, more than one storage can (" + Integer.MAX_VALUE + ")");
            }
            return (int) count;
        }
    }

    /** Storages of one chunk, released when it ends; the stream order keeps them valid for queued kernels. */
    private static final class Scratch implements AutoCloseable {
        private final Backend backend;
        private final List<Storage> made = new ArrayList<>();

        Scratch(Backend backend) { this.backend = backend; }

        Storage zeros(DType dtype, int size) { return kept(backend.zeros(dtype, size)); }

        /** For what is written whole before it is read. */
        Storage empty(DType dtype, int size) { return kept(backend.allocate(dtype, size)); }

        /** A float32 copy of the contiguous operand {@code s} of {@code shape}. */
        Storage widened(Storage s, int[] shape) {
            Layout l = Layout.contiguous(shape);
            Storage wide = empty(DType.FLOAT32, l.intNumel());
            backend.copy(s, l, wide, l);
            return wide;
        }

        private Storage kept(Storage s) {
            made.add(s);
            return s;
        }

        @Override
        public void close() {
            for (Storage s : made) s.release();
        }
    }
}

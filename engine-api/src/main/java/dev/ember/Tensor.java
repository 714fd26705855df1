package dev.ember;

import dev.ember.backend.Backend;
import dev.ember.backend.BinaryOp;
import dev.ember.backend.Layout;
import dev.ember.backend.PoolGeometry;
import dev.ember.backend.ReduceOp;
import dev.ember.backend.Storage;
import dev.ember.backend.UnaryOp;

import java.util.List;

/**
 * An n-dimensional array on a device, with reverse-mode autodiff. A tensor is a view (shape, strides, offset)
 * of a storage that other tensors may share; ops return new tensors, and {@code ...InPlace} methods change this
 * one. Ops on tensors that require grad are recorded, and {@link #backward()} fills {@link #grad()}.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(3, 1).requiresGrad(true);
 * Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * Tensor loss = x.matmul(w).relu().sum();
 * loss.backward();
 * System.out.println(w.grad());
 * }</pre>
 *
 * <p>Every op's rules (shapes, dtypes, gradient) are defined once, in the package's op classes
 * ({@code Elementwise}, {@code Reductions}, {@code Views}, {@code LinearAlgebra}, {@code Convolution},
 * {@code Pooling}, {@code Indexing}); the methods here only name them.
 */
public final class Tensor implements AutoCloseable {
    private final SharedStorage shared;
    private final Layout layout;
    private final DType dtype;
    private boolean requiresGrad;
    private Node gradFn;
    /** Volatile: backward passes on other threads set it (under {@link #accumulateGrad}'s lock). */
    private volatile Tensor grad;
    /** The tensor whose storage this one views, or null when it owns its storage. */
    private final Tensor viewOf;
    private volatile boolean closed;

    Tensor(SharedStorage shared, Layout layout, DType dtype) {
        this(shared, layout, dtype, null);
    }

    Tensor(SharedStorage shared, Layout layout, DType dtype, Tensor viewOf) {
        // every view (reshape, t, detach, ...) is made here: one of a closed tensor would hold freed memory
        if (viewOf != null) viewOf.checkOpen();
        this.shared = shared;
        this.layout = layout;
        this.dtype = dtype;
        this.viewOf = viewOf == null ? null : viewOf.viewOf != null ? viewOf.viewOf : viewOf;
        shared.acquire();
        MemoryScope.register(this);
    }

    // ---- what it is ----

    public int[] shape() { return layout.shape().clone(); }

    public int size(int dim) { return layout.shape()[Shape.dim("size", dim, rank())]; }

    public int rank() { return layout.rank(); }

    public int numel() { return layout.numel(); }

    public DType dtype() { return dtype; }

    public Device device() { return shared.backend.device(); }

    public int[] strides() { return layout.strides().clone(); }

    public boolean isContiguous() { return layout.isContiguous(); }

    /** The storage and layout, for backends and tools that work below the op level. */
    public Storage storage() {
        checkOpen();
        return shared.storage;
    }

    public Layout layout() { return layout; }

    public Backend backend() {
        checkOpen();
        return shared.backend;
    }

    SharedStorage shared() { return shared; }

    Tensor viewOf() { return viewOf; }

    /** Throws when this tensor is closed: every op reads a tensor's memory through {@link #storage()} or {@link #backend()}. */
    void checkOpen() {
        if (closed) {
            String op = calledOp();
            throw new IllegalStateException((op == null ? "" : op + ": ") + "tensor of shape " + Shape.str(layout.shape())
                    + " (" + dtype + ", " + device() + ") was closed (by close() or its MemoryScope) and cannot be used");
        }
    }

    /**
     * The {@code Tensor} method that code outside the engine called, to name the op in an error: the outermost
     * {@code Tensor} frame before the stack leaves package {@code dev.ember}. The check sits where ops fetch a
     * tensor's memory, which does not know which op asked; only the failing path pays for the walk.
     */
    private static String calledOp() {
        String prefix = "dev.ember.";
        return StackWalker.getInstance().walk(frames -> {
            String op = null;
            for (var it = frames.iterator(); it.hasNext(); ) {
                var frame = it.next();
                String cls = frame.getClassName();
                if (!cls.startsWith(prefix) || cls.indexOf('.', prefix.length()) >= 0) break;
                String method = frame.getMethodName();
                if (cls.equals(Tensor.class.getName()) && !method.startsWith("lambda$") && !method.equals("<init>")) {
                    op = method;
                }
            }
            return op;
        });
    }

    // ---- creation ----

    /** Zeros of the default float type on the default device. */
    public static Tensor zeros(int... shape) { return Creation.full(Device.defaultDevice(), DType.FLOAT32, shape, 0); }

    public static Tensor zeros(DType dtype, int... shape) { return Creation.full(Device.defaultDevice(), dtype, shape, 0); }

    public static Tensor zeros(Device device, DType dtype, int... shape) { return Creation.full(device, dtype, shape, 0); }

    public static Tensor ones(int... shape) { return Creation.full(Device.defaultDevice(), DType.FLOAT32, shape, 1); }

    public static Tensor ones(DType dtype, int... shape) { return Creation.full(Device.defaultDevice(), dtype, shape, 1); }

    public static Tensor ones(Device device, DType dtype, int... shape) { return Creation.full(device, dtype, shape, 1); }

    public static Tensor full(double value, int... shape) { return Creation.full(Device.defaultDevice(), DType.FLOAT32, shape, value); }

    public static Tensor full(DType dtype, double value, int... shape) { return Creation.full(Device.defaultDevice(), dtype, shape, value); }

    public static Tensor full(Device device, DType dtype, double value, int... shape) { return Creation.full(device, dtype, shape, value); }

    public static Tensor zerosLike(Tensor t) { return Creation.full(t.backend(), t.dtype, t.shape(), 0); }

    public static Tensor onesLike(Tensor t) { return Creation.full(t.backend(), t.dtype, t.shape(), 1); }

    public static Tensor fullLike(Tensor t, double value) { return Creation.full(t.backend(), t.dtype, t.shape(), value); }

    /** {@code 0, 1, ..., end-1} as int64. */
    public static Tensor arange(long end) { return Creation.arange(0, end, 1); }

    /** {@code start, start+step, ...} below {@code end}, as int64. */
    public static Tensor arange(long start, long end, long step) { return Creation.arange(start, end, step); }

    /** {@code start, start+step, ...} below {@code end}, as float32. */
    public static Tensor arange(double start, double end, double step) { return Creation.arange(start, end, step); }

    /** {@code steps} evenly spaced float32 values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, int steps) { return Creation.linspace(start, end, steps); }

    /** The {@code n x n} identity matrix (float32). */
    public static Tensor eye(int n) { return Creation.eye(n, n, DType.FLOAT32); }

    public static Tensor eye(int rows, int cols, DType dtype) { return Creation.eye(rows, cols, dtype); }

    /** Uniform on [0, 1) from the default {@link Generator}. */
    public static Tensor rand(int... shape) { return Generator.defaultGenerator().rand(shape); }

    public static Tensor rand(DType dtype, int... shape) { return Generator.defaultGenerator().rand(dtype, shape); }

    /** Standard normal from the default {@link Generator}. */
    public static Tensor randn(int... shape) { return Generator.defaultGenerator().randn(shape); }

    public static Tensor randn(DType dtype, int... shape) { return Generator.defaultGenerator().randn(dtype, shape); }

    /** Integers uniform on {@code [low, high)} (int64) from the default {@link Generator}. */
    public static Tensor randint(long low, long high, int... shape) { return Generator.defaultGenerator().randint(low, high, shape); }

    /** 1 with probability {@code p[i]}, else 0, from the default {@link Generator}. */
    public static Tensor bernoulli(Tensor p) { return Generator.defaultGenerator().bernoulli(p); }

    /** Seeds the default generator: the same seed gives the same numbers. */
    public static void manualSeed(long seed) { Generator.defaultGenerator().manualSeed(seed); }

    /** A tensor holding a copy of {@code data}; with no shape, 1-D. */
    public static Tensor of(float[] data, int... shape) { return Creation.of(data, data.length, shape); }

    public static Tensor of(double[] data, int... shape) { return Creation.of(data, data.length, shape); }

    public static Tensor of(int[] data, int... shape) { return Creation.of(data, data.length, shape); }

    public static Tensor of(long[] data, int... shape) { return Creation.of(data, data.length, shape); }

    public static Tensor of(boolean[] data, int... shape) { return Creation.of(data, data.length, shape); }

    /** A 2-D tensor from rows of equal length. */
    public static Tensor of(float[][] rows) { return Creation.of(rows); }

    public static Tensor of(double[][] rows) { return Creation.of(rows); }

    /** A 0-dim float32 tensor. */
    public static Tensor scalar(double value) { return scalar(DType.FLOAT32, value); }

    public static Tensor scalar(DType dtype, double value) { return Creation.full(Device.defaultDevice(), dtype, new int[0], value); }

    // ---- back to Java ----

    /** The single element of a one-element tensor, as a double. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: the tensor has " + numel() + " elements (shape " + Shape.str(shape())
                    + "); only one-element tensors convert to a scalar");
        }
        return toDoubleArray()[0];
    }

    public float[] toFloatArray() { return (float[]) Creation.hostArray(this, DType.FLOAT32); }

    public double[] toDoubleArray() { return (double[]) Creation.hostArray(this, DType.FLOAT64); }

    public int[] toIntArray() { return (int[]) Creation.hostArray(this, DType.INT32); }

    public long[] toLongArray() { return (long[]) Creation.hostArray(this, DType.INT64); }

    public boolean[] toBooleanArray() { return (boolean[]) Creation.hostArray(this, DType.BOOL); }

    /** Shape, dtype, device and values, elided when large. */
    @Override
    public String toString() { return closed ? "tensor(closed, shape=" + Shape.str(layout.shape()) + ")" : Formatter.format(this); }

    // ---- conversion and copies ----

    /** This tensor as {@code dtype} (itself when it already is). Differentiable between float types. */
    public Tensor to(DType dtype) {
        checkOpen();
        return Views.cast(this, dtype);
    }

    /** This tensor on {@code device} (itself when it already is). Differentiable. */
    public Tensor to(Device device) {
        checkOpen();
        return Views.toDevice(this, device);
    }

    /** A copy with its own storage; differentiable. */
    public Tensor copy() { return Views.copy("copy", this); }

    /** Itself when its elements are packed in row-major order, else a packed copy. */
    public Tensor contiguous() {
        checkOpen();
        return isContiguous() ? this : Views.copy("contiguous", this);
    }

    // ---- elementwise ----

    // ---- more math ----


    public Tensor add(Tensor other) { return Elementwise.binary(BinaryOp.ADD, this, other); }

    public Tensor add(double value) { return Elementwise.binary(BinaryOp.ADD, this, Ops.scalarFor(this, value, false)); }

    public Tensor add(long value) { return Elementwise.binary(BinaryOp.ADD, this, Ops.scalarFor(this, value)); }

    public Tensor sub(Tensor other) { return Elementwise.binary(BinaryOp.SUB, this, other); }

    public Tensor sub(double value) { return Elementwise.binary(BinaryOp.SUB, this, Ops.scalarFor(this, value, false)); }

    public Tensor sub(long value) { return Elementwise.binary(BinaryOp.SUB, this, Ops.scalarFor(this, value)); }

    public Tensor mul(Tensor other) { return Elementwise.binary(BinaryOp.MUL, this, other); }

    public Tensor mul(double value) { return Elementwise.binary(BinaryOp.MUL, this, Ops.scalarFor(this, value, false)); }

    public Tensor mul(long value) { return Elementwise.binary(BinaryOp.MUL, this, Ops.scalarFor(this, value)); }

    /** True division: integer inputs give float32. */
    public Tensor div(Tensor other) { return Elementwise.binary(BinaryOp.DIV, this, other); }

    public Tensor div(double value) { return Elementwise.binary(BinaryOp.DIV, this, Ops.scalarFor(this, value, false)); }

    public Tensor pow(Tensor exponent) { return Elementwise.binary(BinaryOp.POW, this, exponent); }

    public Tensor pow(double exponent) { return Elementwise.binary(BinaryOp.POW, this, Ops.scalarFor(this, exponent, false)); }

    /** {@code value - this}. */
    public Tensor rsub(double value) { return Elementwise.binary(BinaryOp.SUB, Ops.scalarFor(this, value, false), this); }

    /** Elementwise larger of the two; on ties the gradient is split evenly. */
    public Tensor maximum(Tensor other) { return Elementwise.binary(BinaryOp.MAXIMUM, this, other); }

    public Tensor minimum(Tensor other) { return Elementwise.binary(BinaryOp.MINIMUM, this, other); }

    public Tensor neg() { return Elementwise.unary(UnaryOp.NEG, this); }

    public Tensor exp() { return Elementwise.unary(UnaryOp.EXP, this); }

    public Tensor log() { return Elementwise.unary(UnaryOp.LOG, this); }

    public Tensor log1p() { return Elementwise.unary(UnaryOp.LOG1P, this); }

    public Tensor sqrt() { return Elementwise.unary(UnaryOp.SQRT, this); }

    public Tensor rsqrt() { return Elementwise.unary(UnaryOp.RSQRT, this); }

    public Tensor abs() { return Elementwise.unary(UnaryOp.ABS, this); }

    /** -1, 0 or 1; its gradient is zero. */
    public Tensor sign() { return Elementwise.unary(UnaryOp.SIGN, this); }

    public Tensor sin() { return Elementwise.unary(UnaryOp.SIN, this); }

    public Tensor cos() { return Elementwise.unary(UnaryOp.COS, this); }

    public Tensor tanh() { return Elementwise.unary(UnaryOp.TANH, this); }

    public Tensor sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, this); }

    public Tensor relu() { return Elementwise.unary(UnaryOp.RELU, this); }

    /** {@code x} where positive, else {@code slope * x}. */
    public Tensor leakyRelu(double slope) { return Elementwise.unary(UnaryOp.LEAKY_RELU, slope, this); }

    /** {@code x} where positive, else {@code alpha * (exp(x) - 1)}. */
    public Tensor elu(double alpha) { return Elementwise.unary(UnaryOp.ELU, alpha, this); }

    /** Heaviside step: 1 where {@code x > 0}, else 0; its gradient is zero. */
    public Tensor step() { return Elementwise.unary(UnaryOp.STEP, this); }

    /** {@code log(1 + exp(x))}, computed without overflow. */
    public Tensor softplus() { return Elementwise.unary(UnaryOp.SOFTPLUS, this); }

    /** Limits values to {@code [min, max]}; the gradient passes where {@code min <= x <= max}. */
    public Tensor clamp(double min, double max) { return Elementwise.clamp(this, min, max); }

    public Tensor clampMin(double min) { return Elementwise.clamp(this, min, Double.POSITIVE_INFINITY); }

    public Tensor clampMax(double max) { return Elementwise.clamp(this, Double.NEGATIVE_INFINITY, max); }

    /**
     * {@code this + value * t1 * t2} elementwise, broadcasting all three, in one pass (PyTorch's {@code addcmul}):
     * <pre>{@code
     * Tensor y = c.addcmul(a, b, 1.0);   // a * b + c without a temporary
     * }</pre>
     */
    public Tensor addcmul(Tensor t1, Tensor t2, double value) { return Elementwise.addcmul(this, t1, t2, value); }

    /** {@code input + value * t1 * t2}: the static form of {@link #addcmul(Tensor, Tensor, double)}. */
    public static Tensor addcmul(Tensor input, Tensor t1, Tensor t2, double value) { return Elementwise.addcmul(input, t1, t2, value); }

    /** {@code condition ? a : b} elementwise, broadcasting all three. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) { return Elementwise.where(condition, a, b); }

    public Tensor eq(Tensor other) { return Elementwise.binary(BinaryOp.EQ, this, other); }

    public Tensor eq(double value) { return Elementwise.binary(BinaryOp.EQ, this, Ops.comparand(this, value)); }

    public Tensor ne(Tensor other) { return Elementwise.binary(BinaryOp.NE, this, other); }

    public Tensor ne(double value) { return Elementwise.binary(BinaryOp.NE, this, Ops.comparand(this, value)); }

    public Tensor lt(Tensor other) { return Elementwise.binary(BinaryOp.LT, this, other); }

    public Tensor lt(double value) { return Elementwise.binary(BinaryOp.LT, this, Ops.comparand(this, value)); }

    public Tensor le(Tensor other) { return Elementwise.binary(BinaryOp.LE, this, other); }

    public Tensor le(double value) { return Elementwise.binary(BinaryOp.LE, this, Ops.comparand(this, value)); }

    public Tensor gt(Tensor other) { return Elementwise.binary(BinaryOp.GT, this, other); }

    public Tensor gt(double value) { return Elementwise.binary(BinaryOp.GT, this, Ops.comparand(this, value)); }

    public Tensor ge(Tensor other) { return Elementwise.binary(BinaryOp.GE, this, other); }

    public Tensor ge(double value) { return Elementwise.binary(BinaryOp.GE, this, Ops.comparand(this, value)); }

    public Tensor logicalAnd(Tensor other) { return Elementwise.binary(BinaryOp.LOGICAL_AND, this, other); }

    public Tensor logicalOr(Tensor other) { return Elementwise.binary(BinaryOp.LOGICAL_OR, this, other); }

    public Tensor logicalXor(Tensor other) { return Elementwise.binary(BinaryOp.LOGICAL_XOR, this, other); }

    public Tensor logicalNot() { return Elementwise.unary(UnaryOp.LOGICAL_NOT, this); }

    // ---- rounding and arithmetic ----

    // ---- reductions ----

    /** Sum of all elements (0-dim). Integer and bool tensors sum to int64. */
    public Tensor sum() { return Reductions.sum(this, new int[0], false); }

    public Tensor sum(int dim) { return Reductions.sum(this, new int[] {dim}, false); }

    public Tensor sum(int dim, boolean keepDim) { return Reductions.sum(this, new int[] {dim}, keepDim); }

    public Tensor sum(int[] dims, boolean keepDim) { return Reductions.sum(this, dims, keepDim); }

    public Tensor mean() { return Reductions.mean(this, new int[0], false); }

    public Tensor mean(int dim) { return Reductions.mean(this, new int[] {dim}, false); }

    public Tensor mean(int dim, boolean keepDim) { return Reductions.mean(this, new int[] {dim}, keepDim); }

    public Tensor mean(int[] dims, boolean keepDim) { return Reductions.mean(this, dims, keepDim); }

    public Tensor prod() { return Reductions.prod(this, new int[0], false); }

    public Tensor prod(int[] dims, boolean keepDim) { return Reductions.prod(this, dims, keepDim); }

    /** Largest element (0-dim); the gradient is split evenly among ties. */
    public Tensor max() { return Reductions.extreme(ReduceOp.MAX, this, new int[0], false); }

    /** Largest values over {@code dims}. */
    public Tensor amax(int[] dims, boolean keepDim) { return Reductions.extreme(ReduceOp.MAX, this, dims, keepDim); }

    /** Largest values along {@code dim} and their positions (the first on ties); the gradient goes to those. */
    public ValuesAndIndices max(int dim, boolean keepDim) { return Reductions.extremeWithIndices(ReduceOp.ARGMAX, this, dim, keepDim); }

    public Tensor min() { return Reductions.extreme(ReduceOp.MIN, this, new int[0], false); }

    public Tensor amin(int[] dims, boolean keepDim) { return Reductions.extreme(ReduceOp.MIN, this, dims, keepDim); }

    public ValuesAndIndices min(int dim, boolean keepDim) { return Reductions.extremeWithIndices(ReduceOp.ARGMIN, this, dim, keepDim); }

    /** Position of the largest element in the flattened tensor (int64, 0-dim). */
    public Tensor argmax() { return Reductions.arg(ReduceOp.ARGMAX, reshape(-1), 0, false); }

    public Tensor argmax(int dim, boolean keepDim) { return Reductions.arg(ReduceOp.ARGMAX, this, dim, keepDim); }

    public Tensor argmin() { return Reductions.arg(ReduceOp.ARGMIN, reshape(-1), 0, false); }

    public Tensor argmin(int dim, boolean keepDim) { return Reductions.arg(ReduceOp.ARGMIN, this, dim, keepDim); }

    /** Variance with Bessel's correction ({@code n - 1}), as PyTorch's default. */
    public Tensor var() { return Reductions.var(this, new int[0], 1, false); }

    /** Variance over {@code dims} dividing by {@code n - correction}. */
    public Tensor var(int[] dims, int correction, boolean keepDim) { return Reductions.var(this, dims, correction, keepDim); }

    public Tensor std() { return Reductions.var(this, new int[0], 1, false).sqrt(); }

    public Tensor std(int[] dims, int correction, boolean keepDim) { return Reductions.var(this, dims, correction, keepDim).sqrt(); }

    /** The L{@code p} norm of all elements ({@code p} = 1, 2, any positive value, or infinity). */
    public Tensor norm(double p) { return Reductions.norm(this, p, new int[0], false); }

    public Tensor norm(double p, int[] dims, boolean keepDim) { return Reductions.norm(this, p, dims, keepDim); }

    /** {@code log(sum(exp(x)))} over {@code dims}, without overflow. */
    public Tensor logsumexp(int[] dims, boolean keepDim) { return Reductions.logsumexp(this, dims, keepDim); }

    /** {@code exp(x) / sum(exp(x))} along {@code dim}, without overflow. */
    public Tensor softmax(int dim) { return Reductions.softmax(this, dim); }

    /** {@code x - logsumexp(x)} along {@code dim}. */
    public Tensor logSoftmax(int dim) { return Reductions.logSoftmax(this, dim); }

    /** Values with their int64 positions, as returned by {@link #max(int, boolean)} and {@link #min(int, boolean)}. */
    public record ValuesAndIndices(Tensor values, Tensor indices) {}

    // ---- scans and counting ----

    // ---- linear algebra ----

    /** Matrix product with NumPy semantics: 1-D operands are vectors, leading dims are batch dims and broadcast. */
    public Tensor matmul(Tensor other) { return LinearAlgebra.matmul(this, other); }

    /** {@code this @ weightᵀ + bias} (bias may be null), as PyTorch's {@code F.linear}, in one fused GEMM. */
    public Tensor linear(Tensor weight, Tensor bias) { return LinearAlgebra.linear(this, weight, bias); }

    /** Outer product of two vectors. */
    public Tensor outer(Tensor other) { return LinearAlgebra.outer(this, other); }

    /** Inner product of two vectors of equal length. */
    public Tensor dot(Tensor other) { return LinearAlgebra.dot(this, other); }

    // ---- sorting and selection ----

    // ---- convolution and pooling ----

    /**
     * 2-D convolution of this {@code [N, C, H, W]} tensor with {@code weight [M, C/groups, kH, kW]}; {@code bias}
     * ({@code [M]}) may be null.
     */
    public Tensor conv2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolution.conv2d(this, weight, bias, stride, padding, dilation, groups);
    }

    /** 2-D convolution with square stride and padding, no dilation, one group. */
    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
        return Convolution.conv2d(this, weight, bias, new int[] {stride, stride}, new int[] {padding, padding}, new int[] {1, 1}, 1);
    }

    /** 1-D convolution of this {@code [N, C, L]} tensor with {@code weight [M, C/groups, k]}. */
    public Tensor conv1d(Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return Convolution.conv1d(this, weight, bias, stride, padding, dilation, groups);
    }

    /** Max pooling of {@code [N, C, H, W]}; the gradient goes to each window's maximum. */
    public Tensor maxPool2d(int kernel, int stride, int padding) {
        return Pooling.maxPool2d(this, new PoolGeometry(kernel, kernel, stride, stride, padding, padding)).values();
    }

    /** Max pooling with the winners' positions ({@code h*W + w} within each plane). */
    public ValuesAndIndices maxPool2dWithIndices(PoolGeometry geometry) { return Pooling.maxPool2d(this, geometry); }

    public Tensor avgPool2d(int kernel, int stride, int padding) {
        return Pooling.avgPool2d(this, new PoolGeometry(kernel, kernel, stride, stride, padding, padding));
    }

    public Tensor avgPool2d(PoolGeometry geometry) { return Pooling.avgPool2d(this, geometry); }

    /** Max pooling of {@code [N, C, L]}. */
    public Tensor maxPool1d(int kernel, int stride, int padding) { return Pooling.maxPool1d(this, kernel, stride, padding); }

    public Tensor avgPool1d(int kernel, int stride, int padding) { return Pooling.avgPool1d(this, kernel, stride, padding); }

    // ---- activations ----

    /**
     * The error function {@code 2/sqrt(pi) * integral of exp(-t^2) from 0 to x} (PyTorch's {@code torch.erf});
     * integer and bool inputs give float32.
     */
    public Tensor erf() { return Activations.erf(this); }

    /**
     * {@code 1 - erf(x)}, accurate where erf is near 1 (PyTorch's {@code torch.erfc}):
     * <pre>{@code
     * Tensor.of(new double[] {10}, 1).erfc();   // 2.088e-45, where 1 - erf(10) is 0
     * }</pre>
     */
    public Tensor erfc() { return Activations.erfc(this); }

    /** {@code x * Phi(x)} with Phi the standard normal CDF, computed {@code x/2 * (1 + erf(x/sqrt 2))} (PyTorch's {@code F.gelu}). */
    public Tensor gelu() { return Activations.gelu(this, "none"); }

    /**
     * gelu, exact ({@code "none"}) or with PyTorch's tanh approximation ({@code "tanh"}):
     * {@code x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))}.
     * <pre>{@code
     * Tensor h = x.gelu("tanh");   // F.gelu(x, approximate='tanh')
     * }</pre>
     */
    public Tensor gelu(String approximate) { return Activations.gelu(this, approximate); }

    /** {@code x * sigmoid(x)}, also called swish (PyTorch's {@code F.silu}). */
    public Tensor silu() { return Activations.silu(this); }

    /** {@code x * tanh(softplus(x))} (PyTorch's {@code F.mish}). */
    public Tensor mish() { return Activations.mish(this); }

    /** {@code clamp(x, -1, 1)} with PyTorch's derivative: 0 at the bounds themselves (PyTorch's {@code F.hardtanh}). */
    public Tensor hardtanh() { return Activations.hardtanh("hardtanh", this, -1, 1); }

    /**
     * {@code clamp(x, min, max)} whose derivative is 1 strictly inside, 0 at and beyond the bounds, and 1 at NaN, as
     * PyTorch's {@code F.hardtanh(x, min_val, max_val)}; integer tensors stay integer (whole bounds only).
     */
    public Tensor hardtanh(double min, double max) { return Activations.hardtanh("hardtanh", this, min, max); }

    /** {@code clamp(x, 0, 6)}, derivative 0 at 0 and at 6 (PyTorch's {@code F.relu6}); integer tensors stay integer. */
    public Tensor relu6() { return Activations.hardtanh("relu6", this, 0, 6); }

    /** {@code clamp(x/6 + 1/2, 0, 1)}, derivative 1/6 strictly between -3 and 3, else 0 (PyTorch's {@code F.hardsigmoid}). */
    public Tensor hardsigmoid() { return Activations.hardsigmoid(this); }

    /** {@code x * hardsigmoid(x)}, derivative {@code x/3 + 1/2} on [-3, 3] (PyTorch's {@code F.hardswish}). */
    public Tensor hardswish() { return Activations.hardswish(this); }

    /** {@code x / (1 + |x|)}; integer inputs give float32 (PyTorch's {@code F.softsign}). */
    public Tensor softsign() { return Activations.softsign(this); }

    /**
     * {@code scale * elu(x, alpha)} with PyTorch's self-normalising constants alpha = 1.6732632423543772 and
     * scale = 1.0507009873554805 (PyTorch's {@code F.selu}).
     */
    public Tensor selu() { return Activations.selu(this); }

    /** {@link #celu(double)} with alpha 1. */
    public Tensor celu() { return Activations.celu(this, 1.0); }

    /** {@code x} where {@code x > 0}, else {@code alpha * (exp(x/alpha) - 1)}; alpha non-zero (PyTorch's {@code F.celu}). */
    public Tensor celu(double alpha) { return Activations.celu(this, alpha); }

    /**
     * Gated linear unit: splits {@code dim} (of even size) in halves {@code a, b} and returns {@code a * sigmoid(b)}
     * (PyTorch's {@code F.glu}):
     * <pre>{@code
     * Tensor h = x.glu(-1);   // [N, 2k] -> [N, k]
     * }</pre>
     */
    public Tensor glu(int dim) { return Activations.glu(this, dim); }

    /** {@code softmax(-x, dim)} (PyTorch's {@code F.softmin}). */
    public Tensor softmin(int dim) { return Activations.softmin(this, dim); }

    /** {@code log(sigmoid(x))}, computed as {@code -softplus(-x)} so neither end overflows (PyTorch's {@code F.logsigmoid}). */
    public Tensor logsigmoid() { return Activations.logsigmoid(this); }

    // ---- views and shape ----

    /** The same elements in a new shape (one size may be -1); a view when the strides allow, else a copy. */
    public Tensor reshape(int... shape) { return Views.reshape(this, shape); }

    /** Like {@link #reshape} but never copies: throws when the strides do not allow a view. */
    public Tensor view(int... shape) { return Views.view(this, shape); }

    public Tensor permute(int... order) { return Views.permute(this, order); }

    public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }

    /** Transpose of a 2-D tensor. */
    public Tensor t() {
        if (rank() != 2) throw new IllegalArgumentException("t: expected a 2-D tensor, got shape " + Shape.str(shape()));
        return transpose(0, 1);
    }

    /** A broadcast view: size-1 dims repeat (stride 0), new dims are added on the left; -1 keeps a size. */
    public Tensor expand(int... shape) { return Views.expand(this, shape); }

    /** Elements {@code start, start+step, ...} below {@code end} along {@code dim}, as a view. */
    public Tensor slice(int dim, int start, int end, int step) { return Views.slice(this, dim, start, end, step); }

    /** {@code length} elements from {@code start} along {@code dim}, as a view. */
    public Tensor narrow(int dim, int start, int length) { return Views.slice(this, dim, start, start + length, 1); }

    /** The slice at {@code index} along {@code dim}, with that dim removed. */
    public Tensor select(int dim, int index) { return Views.select(this, dim, index); }

    /** Removes all size-1 dims. */
    public Tensor squeeze() { return Views.squeeze(this); }

    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }

    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }

    /** All dims into one (a 1-D tensor is returned as it is, as in PyTorch). */
    public Tensor flatten() { return Views.flatten(this, 0, -1); }

    /** Dims {@code start..end} (inclusive) into one; with {@code start == end} the tensor itself, as in PyTorch. */
    public Tensor flatten(int start, int end) { return Views.flatten(this, start, end); }

    /** Joins tensors of equal shape but for {@code dim}. */
    public static Tensor cat(int dim, Tensor... tensors) { return Views.cat(dim, List.of(tensors)); }

    public static Tensor cat(int dim, List<Tensor> tensors) { return Views.cat(dim, tensors); }

    /** Joins tensors of equal shape along a new dim. */
    public static Tensor stack(int dim, Tensor... tensors) { return Views.stack(dim, List.of(tensors)); }

    public static Tensor stack(int dim, List<Tensor> tensors) { return Views.stack(dim, tensors); }

    /** Views of {@code size} elements along {@code dim} (the last may be shorter). */
    public List<Tensor> split(int size, int dim) { return Views.split(this, size, dim); }

    /** {@code chunks} views along {@code dim}, as equal as possible. */
    public List<Tensor> chunk(int chunks, int dim) { return Views.chunk(this, chunks, dim); }

    // ---- shape and layout ----

    // ---- indexing ----

    /** The entries of {@code index} (1-D, integer) along {@code dim}. */
    public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }

    /** {@code out[i][j] = this[i][index[i][j]]} for {@code dim = 1}, and likewise for any dim. */
    public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }

    /** A copy with {@code src}'s elements written at {@code index} along {@code dim}. */
    public Tensor scatter(int dim, Tensor index, Tensor src) { return Indexing.scatter(this, dim, index, src, false); }

    /** A copy with {@code src}'s elements added at {@code index} along {@code dim}; repeated indices add up. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return Indexing.scatter(this, dim, index, src, true); }

    /** {@code value} where {@code mask} (bool, broadcast) is true, else this. */
    public Tensor maskedFill(Tensor mask, double value) { return Indexing.maskedFill(this, mask, value); }

    /** The elements where {@code mask} (bool, broadcast) is true, as a 1-D tensor. */
    public Tensor maskedSelect(Tensor mask) { return Indexing.maskedSelect(this, mask); }

    /** Positions of the non-zero elements, {@code [count, rank]} int64. */
    public Tensor nonzero() { return Indexing.nonzero(this); }

    /** Class indices (integer) to one-hot rows of length {@code classes} (int64). */
    public Tensor oneHot(int classes) { return Indexing.oneHot(this, classes); }

    // ---- indexing, padding and resampling ----

    /**
     * A copy with {@code alpha * source} added at {@code index} (0-dim or 1-D, integer) along {@code dim}; repeated
     * indices add up. {@code source} has this tensor's dtype and shape but {@code index.numel()} along {@code dim}.
     * PyTorch's {@code index_add}:
     * <pre>{@code
     * Tensor.zeros(3, 2).indexAdd(0, Tensor.of(new long[] {0, 0}), Tensor.ones(2, 2), 2.0);   // [[4, 4], [0, 0], [0, 0]]
     * }</pre>
     * For integer tensors {@code alpha} is truncated to an integer, as in PyTorch.
     */
    public Tensor indexAdd(int dim, Tensor index, Tensor source, double alpha) { return IndexUpdates.indexAdd(this, dim, index, source, alpha); }

    public Tensor indexAdd(int dim, Tensor index, Tensor source) { return IndexUpdates.indexAdd(this, dim, index, source, 1); }

    /** {@link #indexAdd(int, Tensor, Tensor, double)} in place (PyTorch's {@code index_add_}). */
    public Tensor indexAddInPlace(int dim, Tensor index, Tensor source, double alpha) {
        return InPlace.apply("indexAddInPlace", this, source, t -> IndexUpdates.indexAdd(t, dim, index, source, alpha));
    }

    /**
     * A copy with slice {@code i} of {@code source} written at slice {@code index[i]} along {@code dim} (PyTorch's
     * {@code index_copy}); with repeated indices one of the slices wins.
     */
    public Tensor indexCopy(int dim, Tensor index, Tensor source) { return IndexUpdates.indexCopy(this, dim, index, source); }

    public Tensor indexCopyInPlace(int dim, Tensor index, Tensor source) {
        return InPlace.apply("indexCopyInPlace", this, source, t -> IndexUpdates.indexCopy(t, dim, index, source));
    }

    /**
     * A copy with {@code value} at the positions {@code index} (0-dim or 1-D, integer; negative counts from the end)
     * along {@code dim} (PyTorch's {@code index_fill}):
     * <pre>{@code
     * x.indexFill(1, Tensor.of(new long[] {0, -1}), 0);   // first and last column zeroed
     * }</pre>
     */
    public Tensor indexFill(int dim, Tensor index, double value) { return IndexUpdates.indexFill(this, dim, index, value); }

    public Tensor indexFillInPlace(int dim, Tensor index, double value) {
        return InPlace.apply("indexFillInPlace", this, null, t -> IndexUpdates.indexFill(t, dim, index, value));
    }

    /**
     * A copy (broadcast with {@code mask}) whose positions where {@code mask} (bool) is true take {@code source}'s
     * elements in order (PyTorch's {@code masked_scatter}); {@code source} has this dtype and at least as many
     * elements as the mask has true values.
     */
    public Tensor maskedScatter(Tensor mask, Tensor source) { return IndexUpdates.maskedScatter(this, mask, source); }

    public Tensor maskedScatterInPlace(Tensor mask, Tensor source) {
        return InPlace.apply("maskedScatterInPlace", this, source, t -> IndexUpdates.maskedScatter(t, mask, source));
    }

    /**
     * {@link #gather} after broadcasting this tensor and {@code indices} against each other in every dim but
     * {@code dim} (PyTorch's {@code take_along_dim}); pairs with {@code argmax}, {@code argsort} and {@code topk}:
     * <pre>{@code
     * Tensor best = scores.takeAlongDim(scores.argmax(1, true), 1);   // [N, 1]
     * }</pre>
     */
    public Tensor takeAlongDim(Tensor indices, int dim) { return IndexUpdates.takeAlongDim(this, indices, dim); }

    /** The flattened tensor's elements at the flattened {@code indices}. */
    public Tensor takeAlongDim(Tensor indices) { return IndexUpdates.takeAlongDim(this, indices); }

    /**
     * Sliding blocks of {@code [N, C, H, W]} (or {@code [C, H, W]}) as columns {@code [N, C * kh * kw, L]}: im2col,
     * PyTorch's {@code F.unfold} (not {@code Tensor.unfold}). Each of kernel, dilation, padding (zeros) and stride
     * takes 1 or 2 values:
     * <pre>{@code
     * Tensor cols = x.unfold(new int[] {3, 3}, new int[] {1}, new int[] {1}, new int[] {1});   // 3x3 "same" patches
     * }</pre>
     */
    public Tensor unfold(int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        return Patches.unfold(this, Patches.Window.of("unfold", kernelSize, dilation, padding, stride));
    }

    /**
     * The columns of {@link #unfold(int[], int[], int[], int[])} summed back into {@code [N, C, H, W]} of
     * {@code outputSize} (overlapping blocks add up): col2im, PyTorch's {@code F.fold}.
     */
    public Tensor fold(int[] outputSize, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        return Patches.fold(this, outputSize, Patches.Window.of("fold", kernelSize, dilation, padding, stride));
    }

    /** {@code [..., C * r * r, H, W]} to {@code [..., C, H * r, W * r]} (PyTorch's {@code F.pixel_shuffle}). */
    public Tensor pixelShuffle(int upscaleFactor) { return Patches.pixelShuffle(this, upscaleFactor); }

    /** {@code [..., C, H * r, W * r]} to {@code [..., C * r * r, H, W]} (PyTorch's {@code F.pixel_unshuffle}). */
    public Tensor pixelUnshuffle(int downscaleFactor) { return Patches.pixelUnshuffle(this, downscaleFactor); }

    /**
     * Resamples the spatial dims of {@code [N, C, ...]} to {@code size} (PyTorch's {@code F.interpolate}, with its
     * index formulas); {@code alignCorners} maps the corner pixels' centres onto each other (interpolating modes
     * only):
     * <pre>{@code
     * Tensor big = images.interpolate(new int[] {64, 64}, InterpolationMode.BILINEAR, false);
     * }</pre>
     */
    public Tensor interpolate(int[] size, InterpolationMode mode, boolean alignCorners) {
        return Interpolation.interpolate(this, size, null, mode, alignCorners);
    }

    public Tensor interpolate(int[] size, InterpolationMode mode) { return Interpolation.interpolate(this, size, null, mode, false); }

    /**
     * Resamples by {@code scaleFactor} per spatial dim: the output size is {@code floor(size * scale)}, and the
     * source positions use the scale itself, as PyTorch does without {@code recompute_scale_factor}.
     */
    public Tensor interpolate(double[] scaleFactor, InterpolationMode mode, boolean alignCorners) {
        return Interpolation.interpolate(this, null, scaleFactor, mode, alignCorners);
    }

    /**
     * Pads with {@code value} (PyTorch's {@code F.pad}); the list names the last dim first: {@code {left, right,
     * top, bottom, ...}}, and a negative amount crops:
     * <pre>{@code
     * x.pad(new int[] {1, 1, 2, 0}, 0.0);   // [.., H, W] -> [.., H + 2, W + 2]: one column each side, two rows on top
     * }</pre>
     */
    public Tensor pad(int[] pad, double value) { return Padding.pad(this, pad, PaddingMode.CONSTANT, value); }

    /**
     * Pads by {@code mode} ({@code CONSTANT} with zeros); as in PyTorch, {@code REFLECT} and {@code REPLICATE} pad
     * the last 1 to 3 dims of a tensor with one or two more dims, and {@code CIRCULAR} those of one with two more.
     */
    public Tensor pad(int[] pad, PaddingMode mode) { return Padding.pad(this, pad, mode, 0); }

    // ---- in place ----

    /** {@code this += other}, in place. Recorded by autograd, except on leaves that require grad. */
    public Tensor addInPlace(Tensor other) { return InPlace.binary("addInPlace", BinaryOp.ADD, this, other); }

    public Tensor addInPlace(double value) { return InPlace.binary("addInPlace", BinaryOp.ADD, this, Ops.scalarFor(this, value, false)); }

    public Tensor addInPlace(long value) { return InPlace.binary("addInPlace", BinaryOp.ADD, this, Ops.scalarFor(this, value)); }

    public Tensor subInPlace(Tensor other) { return InPlace.binary("subInPlace", BinaryOp.SUB, this, other); }

    public Tensor subInPlace(double value) { return InPlace.binary("subInPlace", BinaryOp.SUB, this, Ops.scalarFor(this, value, false)); }

    public Tensor subInPlace(long value) { return InPlace.binary("subInPlace", BinaryOp.SUB, this, Ops.scalarFor(this, value)); }

    public Tensor mulInPlace(Tensor other) { return InPlace.binary("mulInPlace", BinaryOp.MUL, this, other); }

    public Tensor mulInPlace(double value) { return InPlace.binary("mulInPlace", BinaryOp.MUL, this, Ops.scalarFor(this, value, false)); }

    public Tensor mulInPlace(long value) { return InPlace.binary("mulInPlace", BinaryOp.MUL, this, Ops.scalarFor(this, value)); }

    public Tensor divInPlace(Tensor other) { return InPlace.binary("divInPlace", BinaryOp.DIV, this, other); }

    public Tensor divInPlace(double value) { return InPlace.binary("divInPlace", BinaryOp.DIV, this, Ops.scalarFor(this, value, false)); }

    /** {@code this += value * t1 * t2} in place (PyTorch's {@code addcmul_}); one pass when nothing is recorded. */
    public Tensor addcmulInPlace(Tensor t1, Tensor t2, double value) { return InPlace.addcmul(this, t1, t2, value); }

    public Tensor clampInPlace(double min, double max) { return InPlace.apply("clampInPlace", this, null, t -> t.clamp(min, max)); }

    /** Copies {@code source} (broadcast to this shape, cast to this dtype) into this tensor. */
    public Tensor copyFrom(Tensor source) { return InPlace.copyFrom(this, source); }

    public Tensor fillInPlace(double value) { return InPlace.fill(this, value); }

    public Tensor zeroInPlace() { return InPlace.fill(this, 0); }

    // ---- autograd ----

    public boolean requiresGrad() { return requiresGrad; }

    /** Marks a leaf tensor as a variable to differentiate with respect to; returns this. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad(false) on a tensor computed by '" + gradFn.op
                    + "': use detach() to get a tensor outside the graph");
        }
        if (value && !dtype.isFloating()) {
            throw new IllegalArgumentException("only float tensors can require grad; this one is " + dtype
                    + " of shape " + Shape.str(shape()));
        }
        requiresGrad = value;
        return this;
    }

    /** True for tensors not computed by a recorded op. */
    public boolean isLeaf() { return gradFn == null; }

    /** The accumulated gradient, or null before the first backward. */
    public Tensor grad() { return grad; }

    public void zeroGrad() { grad = null; }

    /** Sets or clears the gradient (optimizers and checkpoints use this). */
    public synchronized void setGrad(Tensor g) {
        if (g != null && !java.util.Arrays.equals(g.shape(), shape())) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Shape.str(g.shape())
                    + " differs from the tensor's " + Shape.str(shape()));
        }
        grad = g;
        if (g != null) MemoryScope.disown(g);
    }

    /** Name of the op that computed this tensor, or null for a leaf. */
    public String gradFnName() { return gradFn == null ? null : gradFn.op; }

    /** Keep this non-leaf tensor's gradient in {@link #grad()} during backward (to inspect activations). */
    public Tensor retainGrad() {
        if (gradFn != null) gradFn.retainGradOf = this;
        return this;
    }

    /** Back-propagates from this scalar: gradients are added into {@code grad()} of the leaves. */
    public void backward() { Autograd.backward(this, null, false, false); }

    /** Back-propagates {@code gradient} (this tensor's shape) from this tensor. */
    public void backward(Tensor gradient) { Autograd.backward(this, gradient, false, false); }

    /**
     * @param gradient this tensor's gradient, or null for a scalar
     * @param retainGraph keep the graph for another backward
     * @param createGraph record the backward pass so gradients can be differentiated again
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(this, gradient, retainGraph || createGraph, createGraph);
    }

    /** The same storage, outside the graph. */
    public Tensor detach() { return new Tensor(shared, layout, dtype, this); }

    Node gradFn() { return gradFn; }

    void setGradFn(Node node) {
        gradFn = node;
        requiresGrad = true;
    }

    /**
     * Adds {@code g} into {@link #grad()}. Synchronized, as PyTorch's AccumulateGrad holds a lock per leaf: backward
     * passes on several threads may share a leaf, and an unguarded read-add-write would lose their sums.
     */
    synchronized void accumulateGrad(Tensor g, boolean keepGraph) {
        Tensor value = keepGraph ? g : g.detach();
        setGrad(grad == null ? value : keepGraph ? grad.add(value) : addDetached(grad, value));
    }

    private static Tensor addDetached(Tensor a, Tensor b) {
        try (var s = Autograd.noGrad()) {
            return a.add(b);
        }
    }

    /** A tensor viewing {@code layout} of this one's storage; used by view ops. */
    Tensor viewWith(Layout newLayout) { return new Tensor(shared, newLayout, dtype, this); }

    // ---- memory ----

    /**
     * Releases this tensor's hold on its storage. Views share their storage, and each holds it: the memory goes
     * when the last open tensor viewing it is closed, exactly once, as in PyTorch. Closing twice does nothing.
     * After {@code close()} every use of this tensor that reads its memory or makes a view of it (an op,
     * {@code reshape}, {@code t()}, {@code detach()}, {@code toFloatArray()}, {@code item()}, an in-place op, a
     * backward that needs it) throws {@link IllegalStateException} naming the op and the shape; views made
     * before stay open and usable. Usually a {@link MemoryScope} does this.
     *
     * <pre>{@code
     * Tensor x = Tensor.ones(4, 4);
     * Tensor row = x.select(0, 1);   // shares x's storage
     * x.close();                     // the storage stays: row still holds it
     * row.sum().item();              // 4.0
     * row.close();                   // now the storage is released
     * x.t();                         // throws: t: tensor of shape [4, 4] ... was closed
     * }</pre>
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        shared.release();
    }

    /** True once {@link #close()} was called on this tensor (by the caller or its {@link MemoryScope}). */
    public boolean isClosed() { return closed; }
}

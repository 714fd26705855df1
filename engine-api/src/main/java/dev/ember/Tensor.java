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
    /** {@link #registerPostAccumulateGradHook}'s hooks; null until the first. */
    private volatile java.util.List<java.util.function.Consumer<Tensor>> postAccumulateGradHooks;
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

    /** The number of elements, 64-bit (PyTorch's {@code numel()}): {@code zeros(3, 715827885).numel()} is 2147483655. */
    public long numel() { return layout.numel(); }

    public DType dtype() { return dtype; }

    public Device device() { return shared.backend.device(); }

    /** The strides in elements, 64-bit (PyTorch's {@code stride()}); the storage offset is {@code layout().offset()}. */
    public long[] strides() { return layout.strides().clone(); }

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

    /** Filled with a Java {@code long}, exactly: {@code full(DType.INT64, (1L << 53) + 1, 3)} holds 2^53 + 1. */
    public static Tensor full(DType dtype, long value, int... shape) { return Creation.fullExactly(Device.defaultDevice(), dtype, shape, value); }

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

    /** A 0-dim tensor holding a Java {@code long} exactly (int64 past 2^53 included). */
    public static Tensor scalar(DType dtype, long value) { return full(dtype, value); }

    // ---- PyTorch's short forms: creation on a tensor's or a named device ----

    /** Uniform on [0, 1) from the default {@link Generator}, with {@code t}'s shape, float dtype and device ({@code torch.rand_like}). */
    public static Tensor randLike(Tensor t) { return Generator.defaultGenerator().randLike(t); }

    /** Standard normal from the default {@link Generator}, with {@code t}'s shape, float dtype and device ({@code torch.randn_like}). */
    public static Tensor randnLike(Tensor t) { return Generator.defaultGenerator().randnLike(t); }

    /** Standard normal on {@code device} from the default {@link Generator}: {@code torch.randn(..., device=device)}. */
    public static Tensor randn(Device device, DType dtype, int... shape) { return Generator.defaultGenerator().randn(device, dtype, shape); }

    /** Uniform on [0, 1) on {@code device} from the default {@link Generator}. */
    public static Tensor rand(Device device, DType dtype, int... shape) { return Generator.defaultGenerator().rand(device, dtype, shape); }

    // ---- half precision ----

    /**
     * A float16 or bfloat16 tensor holding {@code bits}, each element's 16 bits as a {@code short} (PyTorch:
     * {@code torch.tensor(bits, dtype=torch.int16).view(torch.float16)}); with no shape, 1-D. Values from floats:
     * {@code Tensor.of(floats).to(DType.FLOAT16)}, rounded to nearest even.
     *
     * <pre>{@code
     * Tensor.ofBits(DType.FLOAT16, new short[] {0x3C00, (short) 0xC000});   // [1.0, -2.0] float16
     * }</pre>
     */
    public static Tensor ofBits(DType dtype, short[] bits, int... shape) { return Creation.ofBits(dtype, bits, shape); }

    /**
     * The bits of a float16 or bfloat16 tensor's elements in row-major order, as {@link #ofBits} takes them; other
     * dtypes are refused (convert with {@code to(DType.FLOAT16)} first). Values as floats: {@link #toFloatArray()}.
     */
    public short[] toBits() { return Creation.bits(this); }

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

    /** {@code 2^x}, as {@code torch.exp2}; integer inputs give float32. */
    public Tensor exp2() { return Elementwise.unary(UnaryOp.EXP2, this); }

    /** {@code exp(x) - 1}, accurate near 0 where {@code exp(x) - 1} cancels; as {@code torch.expm1}. */
    public Tensor expm1() { return Elementwise.unary(UnaryOp.EXPM1, this); }

    /** Base-2 logarithm, exact at powers of two ({@code log2(8) = 3}); {@code log2(0) = -inf}; as {@code torch.log2}. */
    public Tensor log2() { return Elementwise.unary(UnaryOp.LOG2, this); }

    /** Base-10 logarithm, exact at powers of ten; as {@code torch.log10}. */
    public Tensor log10() { return Elementwise.unary(UnaryOp.LOG10, this); }

    /** Hyperbolic sine, as {@code torch.sinh}. */
    public Tensor sinh() { return Elementwise.unary(UnaryOp.SINH, this); }

    /** Hyperbolic cosine, as {@code torch.cosh}. */
    public Tensor cosh() { return Elementwise.unary(UnaryOp.COSH, this); }

    /** Tangent (radians), as {@code torch.tan}. */
    public Tensor tan() { return Elementwise.unary(UnaryOp.TAN, this); }

    /** Arcsine in {@code [-pi/2, pi/2]}; NaN outside {@code [-1, 1]}; as {@code torch.asin}. */
    public Tensor asin() { return Elementwise.unary(UnaryOp.ASIN, this); }

    /** Arccosine in {@code [0, pi]}; NaN outside {@code [-1, 1]}; as {@code torch.acos}. */
    public Tensor acos() { return Elementwise.unary(UnaryOp.ACOS, this); }

    /** Arctangent in {@code (-pi/2, pi/2)}, as {@code torch.atan}. */
    public Tensor atan() { return Elementwise.unary(UnaryOp.ATAN, this); }

    /**
     * The angle of the point {@code (other, this)}, in {@code [-pi, pi]}, with C's signed-zero rules
     * ({@code atan2(+0, -0) = pi}); broadcasts, and integer inputs give float32. As {@code torch.atan2(self, other)}:
     * <pre>{@code
     * Tensor.of(new double[] {1, -1}).atan2(Tensor.of(new double[] {-1}))   // [3pi/4, -3pi/4]
     * }</pre>
     */
    public Tensor atan2(Tensor other) { return Elementwise.binary(BinaryOp.ATAN2, this, other); }

    /**
     * {@code sqrt(this^2 + other^2)} without overflow or underflow in between; {@code hypot(inf, NaN) = inf}. Broadcasts;
     * at least one input must be floating, as in PyTorch. As {@code torch.hypot}.
     */
    public Tensor hypot(Tensor other) { return MoreMath.hypot(this, other); }

    /** {@code log(x / (1 - x))}: {@code logit(0) = -inf}, {@code logit(1) = inf}, NaN outside {@code [0, 1]}; as {@code torch.logit}. */
    public Tensor logit() { return MoreMath.logit(this, -1.0); }

    /**
     * {@code logit} of {@code x} clamped to {@code [eps, 1 - eps]} (a negative eps clamps nothing); the gradient is
     * zero where the clamp acts. As {@code torch.logit(x, eps)}:
     * <pre>{@code
     * probabilities.logit(1e-6)   // finite even where a probability is exactly 0 or 1
     * }</pre>
     */
    public Tensor logit(double eps) { return MoreMath.logit(this, eps); }


    public Tensor add(Tensor other) { return Elementwise.binary(BinaryOp.ADD, this, other); }

    public Tensor add(double value) { return Elementwise.binary(BinaryOp.ADD, this, Ops.scalarFor(this, value, false)); }

    public Tensor add(long value) { return Elementwise.binary(BinaryOp.ADD, this, Ops.scalarFor(this, value)); }

    /** A Java {@code boolean} as 1 or 0, keeping this tensor's dtype (on a bool tensor: a logical or), as in PyTorch. */
    public Tensor add(boolean value) { return Elementwise.binary(BinaryOp.ADD, this, Ops.scalarFor(this, value)); }

    public Tensor sub(Tensor other) { return Elementwise.binary(BinaryOp.SUB, this, other); }

    public Tensor sub(double value) { return Elementwise.binary(BinaryOp.SUB, this, Ops.scalarFor(this, value, false)); }

    public Tensor sub(long value) { return Elementwise.binary(BinaryOp.SUB, this, Ops.scalarFor(this, value)); }

    public Tensor mul(Tensor other) { return Elementwise.binary(BinaryOp.MUL, this, other); }

    public Tensor mul(double value) { return Elementwise.binary(BinaryOp.MUL, this, Ops.scalarFor(this, value, false)); }

    public Tensor mul(long value) { return Elementwise.binary(BinaryOp.MUL, this, Ops.scalarFor(this, value)); }

    public Tensor mul(boolean value) { return Elementwise.binary(BinaryOp.MUL, this, Ops.scalarFor(this, value)); }

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

    /**
     * Heaviside step: 1 where {@code x > 0}, else 0 (also at 0); its gradient is zero. The seeds' {@code z >= θ}
     * convention, 1 at 0, is {@link #heaviside(double) heaviside(1)}.
     */
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

    /** Compared exactly: {@code int64 2^53 + 1} does not equal {@code 2^53} (a double would round it). */
    public Tensor eq(long value) { return Elementwise.binary(BinaryOp.EQ, this, Ops.comparand(this, value)); }

    public Tensor eq(boolean value) { return Elementwise.binary(BinaryOp.EQ, this, Ops.scalarFor(this, value)); }

    public Tensor ne(Tensor other) { return Elementwise.binary(BinaryOp.NE, this, other); }

    public Tensor ne(double value) { return Elementwise.binary(BinaryOp.NE, this, Ops.comparand(this, value)); }

    public Tensor ne(long value) { return Elementwise.binary(BinaryOp.NE, this, Ops.comparand(this, value)); }

    public Tensor ne(boolean value) { return Elementwise.binary(BinaryOp.NE, this, Ops.scalarFor(this, value)); }

    public Tensor lt(Tensor other) { return Elementwise.binary(BinaryOp.LT, this, other); }

    public Tensor lt(double value) { return Elementwise.binary(BinaryOp.LT, this, Ops.comparand(this, value)); }

    public Tensor lt(long value) { return Elementwise.binary(BinaryOp.LT, this, Ops.comparand(this, value)); }

    public Tensor lt(boolean value) { return Elementwise.binary(BinaryOp.LT, this, Ops.scalarFor(this, value)); }

    public Tensor le(Tensor other) { return Elementwise.binary(BinaryOp.LE, this, other); }

    public Tensor le(double value) { return Elementwise.binary(BinaryOp.LE, this, Ops.comparand(this, value)); }

    public Tensor le(long value) { return Elementwise.binary(BinaryOp.LE, this, Ops.comparand(this, value)); }

    public Tensor le(boolean value) { return Elementwise.binary(BinaryOp.LE, this, Ops.scalarFor(this, value)); }

    public Tensor gt(Tensor other) { return Elementwise.binary(BinaryOp.GT, this, other); }

    public Tensor gt(double value) { return Elementwise.binary(BinaryOp.GT, this, Ops.comparand(this, value)); }

    public Tensor gt(long value) { return Elementwise.binary(BinaryOp.GT, this, Ops.comparand(this, value)); }

    public Tensor gt(boolean value) { return Elementwise.binary(BinaryOp.GT, this, Ops.scalarFor(this, value)); }

    public Tensor ge(Tensor other) { return Elementwise.binary(BinaryOp.GE, this, other); }

    public Tensor ge(double value) { return Elementwise.binary(BinaryOp.GE, this, Ops.comparand(this, value)); }

    public Tensor ge(long value) { return Elementwise.binary(BinaryOp.GE, this, Ops.comparand(this, value)); }

    public Tensor ge(boolean value) { return Elementwise.binary(BinaryOp.GE, this, Ops.scalarFor(this, value)); }

    public Tensor logicalAnd(Tensor other) { return Elementwise.binary(BinaryOp.LOGICAL_AND, this, other); }

    public Tensor logicalOr(Tensor other) { return Elementwise.binary(BinaryOp.LOGICAL_OR, this, other); }

    public Tensor logicalXor(Tensor other) { return Elementwise.binary(BinaryOp.LOGICAL_XOR, this, other); }

    public Tensor logicalNot() { return Elementwise.unary(UnaryOp.LOGICAL_NOT, this); }

    // ---- rounding and arithmetic ----

    /** The largest whole number not above each element (PyTorch's {@code floor}); integers come back as copies, bool is refused. Zero gradient. */
    public Tensor floor() { return Rounding.round(UnaryOp.FLOOR, this); }

    /** The smallest whole number not below each element ({@code ceil}); as {@link #floor()} for integers and gradients. */
    public Tensor ceil() { return Rounding.round(UnaryOp.CEIL, this); }

    /** The nearest whole number, halves to even as PyTorch's {@code round}: {@code 0.5 -> 0, 1.5 -> 2, -2.5 -> -2}. Zero gradient. */
    public Tensor round() { return Rounding.round(UnaryOp.ROUND, this); }

    /**
     * Rounds to {@code decimals} decimal places (negative: to tens, hundreds, ...), halves to even, as PyTorch's
     * {@code round(decimals=)}; float tensors only:
     * <pre>{@code
     * Tensor.of(new float[] {1.25f, 1234.5f}).round(1);   // [1.2, 1234.5]
     * }</pre>
     */
    public Tensor round(int decimals) { return Rounding.round(this, decimals); }

    /** Rounds towards zero ({@code trunc}); as {@link #floor()} for integers and gradients. */
    public Tensor trunc() { return Rounding.round(UnaryOp.TRUNC, this); }

    /** {@code x - trunc(x)}, keeping the sign ({@code frac(-1.5) = -0.5}); float tensors only; gradient 1. */
    public Tensor frac() { return Rounding.frac(this); }

    /**
     * The remainder with the divisor's sign, Python's {@code %} (PyTorch's {@code remainder}):
     * <pre>{@code
     * Tensor.of(new long[] {-7, 7}).remainder(3);   // [2, 1]; fmod(3) gives [-1, 1]
     * }</pre>
     * Integers are exact; an integer division by zero throws {@link ArithmeticException} (PyTorch's
     * {@code ZeroDivisionError}); {@code Long.MIN_VALUE % -1} is 0. Gradients: 1 to this, {@code -floorDivide} to the divisor.
     */
    public Tensor remainder(Tensor other) { return Rounding.divide(BinaryOp.REMAINDER, this, other); }

    public Tensor remainder(double other) { return Rounding.divide(BinaryOp.REMAINDER, this, Ops.scalarFor(this, other, false)); }

    public Tensor remainder(long other) { return Rounding.divide(BinaryOp.REMAINDER, this, other); }

    /** The remainder with the dividend's sign, C's {@code fmod} (PyTorch's {@code fmod}); as {@link #remainder(Tensor)} otherwise. */
    public Tensor fmod(Tensor other) { return Rounding.divide(BinaryOp.FMOD, this, other); }

    public Tensor fmod(double other) { return Rounding.divide(BinaryOp.FMOD, this, Ops.scalarFor(this, other, false)); }

    public Tensor fmod(long other) { return Rounding.divide(BinaryOp.FMOD, this, other); }

    /**
     * The quotient rounded down, PyTorch's {@code floor_divide} ({@code div(rounding_mode='floor')}): exact for
     * integers ({@code -7 // 2 = -4}; {@code Long.MIN_VALUE // -1} wraps to itself), {@code x / 0} for floats. Zero gradient.
     */
    public Tensor floorDivide(Tensor other) { return Rounding.divide(BinaryOp.FLOOR_DIVIDE, this, other); }

    public Tensor floorDivide(double other) { return Rounding.divide(BinaryOp.FLOOR_DIVIDE, this, Ops.scalarFor(this, other, false)); }

    public Tensor floorDivide(long other) { return Rounding.divide(BinaryOp.FLOOR_DIVIDE, this, other); }

    /** {@code x * x}; integers stay integer, bool gives int64 (PyTorch's {@code square}). */
    public Tensor square() { return Rounding.square(this); }

    /** {@code 1 / x}; integers and bool give float32 (PyTorch's {@code reciprocal}). */
    public Tensor reciprocal() { return Rounding.reciprocal(this); }

    /** True where NaN (bool); false everywhere for integer and bool tensors. */
    public Tensor isnan() { return Rounding.isnan(this); }

    /** True where +inf or -inf (bool). */
    public Tensor isinf() { return Rounding.isinf(this); }

    /** True where neither NaN nor infinite (bool); true everywhere for integer and bool tensors. */
    public Tensor isfinite() { return Rounding.isfinite(this); }

    /** NaN to 0, +inf and -inf to the dtype's largest and lowest finite values (PyTorch's {@code nan_to_num}). */
    public Tensor nanToNum() { return Rounding.nanToNum(this, 0, null, null); }

    /**
     * NaN, +inf and -inf to the given values, rounded to this tensor's type; integer tensors come back as copies:
     * <pre>{@code
     * logits.nanToNum(0.0, 1e4, -1e4);
     * }</pre>
     */
    public Tensor nanToNum(double nan, double posinf, double neginf) { return Rounding.nanToNum(this, nan, posinf, neginf); }

    /**
     * Limits values to {@code [min, max]} elementwise with tensor bounds (one may be null), all broadcast, as
     * PyTorch's {@code clamp(min=t, max=t)}: NaN in any of them gives NaN, and with {@code min > max} the result is
     * {@code max}. Gradients as PyTorch's: to this where inside, to a bound where it clamps.
     * <pre>{@code
     * Tensor y = x.clamp(lower, null);   // elementwise maximum with lower, keeping x where equal
     * }</pre>
     */
    public Tensor clamp(Tensor min, Tensor max) { return Rounding.clamp(this, min, max); }

    /**
     * {@code this + weight * (end - this)}, computed from {@code end} where {@code |weight| >= 0.5} (PyTorch's
     * {@code lerp}); float tensors of one dtype:
     * <pre>{@code
     * ema = ema.lerp(value, 0.1);   // moves 10% of the way
     * }</pre>
     */
    public Tensor lerp(Tensor end, double weight) { return Rounding.lerp(this, end, weight); }

    /** {@link #lerp(Tensor, double)} with a tensor of weights (this dtype, broadcast); differentiable in all three. */
    public Tensor lerp(Tensor end, Tensor weight) { return Rounding.lerp(this, end, weight); }

    /** {@code this * log(other)}, 0 where this is 0 and NaN where {@code other} is NaN (PyTorch's {@code xlogy}); floating result. */
    public Tensor xlogy(Tensor other) { return Rounding.xlogy(this, other); }

    public Tensor xlogy(double other) { return Rounding.xlogy(this, Ops.scalarFor(this, other, false)); }

    /**
     * The positions where {@code condition} is non-zero, one 1-D int64 tensor per dim, PyTorch's one-argument
     * {@code torch.where(condition)}:
     * <pre>{@code
     * List<Tensor> rc = Tensor.where(Tensor.of(new long[] {1, 0, 0, 2}, 2, 2));   // rows [0, 1], columns [0, 1]
     * }</pre>
     */
    public static List<Tensor> where(Tensor condition) { return Rounding.whereNonzero(condition); }

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
    public Tensor max() { return Reductions.extreme("max", ReduceOp.MAX, this, new int[0], false); }

    /** Largest values over {@code dims}. */
    public Tensor amax(int[] dims, boolean keepDim) { return Reductions.extreme(ReduceOp.MAX, this, dims, keepDim); }

    /** Largest values along {@code dim} and their positions (the first on ties); the gradient goes to those. */
    public ValuesAndIndices max(int dim, boolean keepDim) { return Reductions.extremeWithIndices(ReduceOp.ARGMAX, this, dim, keepDim); }

    public Tensor min() { return Reductions.extreme("min", ReduceOp.MIN, this, new int[0], false); }

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

    /**
     * Running sums along {@code dim} (PyTorch's {@code cumsum}): float sums accumulate in float64 and are rounded
     * once per element; integer and bool tensors give int64.
     * <pre>{@code
     * Tensor.of(new float[] {1, 2, 3}).cumsum(0);   // [1, 3, 6]
     * }</pre>
     */
    public Tensor cumsum(int dim) { return Scans.cumsum(this, dim); }

    /** Running products along {@code dim} ({@code cumprod}); integers give int64. Its gradient handles zeros. */
    public Tensor cumprod(int dim) { return Scans.cumprod(this, dim); }

    /**
     * Running maxima along {@code dim} and their int64 positions ({@code cummax}); on ties the later position,
     * and NaN, once seen, stays (each later NaN taking the position), as in PyTorch. The gradient goes to the positions.
     * <pre>{@code
     * Tensor.of(new float[] {1, 3, 3, 2}).cummax(0);   // values [1, 3, 3, 3], indices [0, 1, 2, 2]
     * }</pre>
     */
    public ValuesAndIndices cummax(int dim) { return Scans.cummax(this, dim); }

    /** Running minima along {@code dim} and their positions ({@code cummin}); ties as in {@link #cummax}. */
    public ValuesAndIndices cummin(int dim) { return Scans.cummin(this, dim); }

    /** {@code log(cumsum(exp(x)))} along {@code dim} without overflow ({@code logcumsumexp}); float tensors only. */
    public Tensor logcumsumexp(int dim) { return Scans.logcumsumexp(this, dim); }

    /** True when every element is non-zero (NaN counts as non-zero), as a 0-dim bool; true for an empty tensor. */
    public Tensor all() { return Scans.all(this, new int[0], false); }

    /** {@link #all()} along {@code dim} ({@code torch.all(x, dim, keepdim)}). */
    public Tensor all(int dim, boolean keepDim) { return Scans.all(this, new int[] {dim}, keepDim); }

    /** True when some element is non-zero, as a 0-dim bool; false for an empty tensor. */
    public Tensor any() { return Scans.any(this, new int[0], false); }

    public Tensor any(int dim, boolean keepDim) { return Scans.any(this, new int[] {dim}, keepDim); }

    /**
     * The number of non-zero elements (NaN included) over {@code dims}, or all dims when none are given, as int64
     * ({@code count_nonzero}).
     */
    public Tensor countNonzero(int... dims) { return Scans.countNonzero(this, dims); }

    /** Variance and mean in one call, as PyTorch's {@code var_mean}. */
    public record VarMean(Tensor var, Tensor mean) {}

    /** Standard deviation and mean in one call, as PyTorch's {@code std_mean}. */
    public record StdMean(Tensor std, Tensor mean) {}

    /** {@code var_mean(x)}: the variance with Bessel's correction and the mean of all elements; float tensors only. */
    public VarMean varMean() { return Scans.varMean(this, new int[0], 1, false); }

    /**
     * Variance (dividing by {@code n - correction}) and mean over {@code dims}:
     * <pre>{@code
     * Tensor.VarMean vm = x.varMean(new int[] {1}, 0, true);   // torch.var_mean(x, 1, correction=0, keepdim=True)
     * }</pre>
     */
    public VarMean varMean(int[] dims, int correction, boolean keepDim) { return Scans.varMean(this, dims, correction, keepDim); }

    /** {@code var_mean(x, dims, unbiased, keepdim)}: {@code unbiased} is correction 1, else 0. */
    public VarMean varMean(int[] dims, boolean unbiased, boolean keepDim) { return Scans.varMean(this, dims, unbiased ? 1 : 0, keepDim); }

    /** {@code std_mean(x)}: the standard deviation with Bessel's correction and the mean; float tensors only. */
    public StdMean stdMean() { return Scans.stdMean(this, new int[0], 1, false); }

    public StdMean stdMean(int[] dims, int correction, boolean keepDim) { return Scans.stdMean(this, dims, correction, keepDim); }

    public StdMean stdMean(int[] dims, boolean unbiased, boolean keepDim) { return Scans.stdMean(this, dims, unbiased ? 1 : 0, keepDim); }

    /** The sum treating NaN as 0 ({@code nansum}); integer and bool tensors sum to int64. */
    public Tensor nansum() { return Scans.nansum(this, new int[0], false); }

    public Tensor nansum(int[] dims, boolean keepDim) { return Scans.nansum(this, dims, keepDim); }

    /** The mean of the non-NaN elements ({@code nanmean}), NaN where there are none; float tensors only. */
    public Tensor nanmean() { return Scans.nanmean(this, new int[0], false); }

    public Tensor nanmean(int[] dims, boolean keepDim) { return Scans.nanmean(this, dims, keepDim); }

    /**
     * How often each value {@code 0, 1, ..., max} occurs in this 1-D tensor of non-negative integers, as int64
     * ({@code bincount}).
     * <pre>{@code
     * Tensor.of(new long[] {0, 2, 2}).bincount();   // [1, 0, 2]
     * }</pre>
     */
    public Tensor bincount() { return Scans.bincount(this, null, 0); }

    /**
     * The sum of {@code weights} (1-D, this length; null counts) per value, with at least {@code minlength} bins:
     * float32 weights give float32, other weights float64, as in PyTorch. Unlike PyTorch, the result is
     * differentiable with respect to the weights.
     */
    public Tensor bincount(Tensor weights, int minlength) { return Scans.bincount(this, weights, minlength); }

    /**
     * A histogram of all elements in {@code bins} equal bins over {@code [min, max]} ({@code histc}), in this
     * tensor's float dtype: {@code max} goes in the last bin, elements outside the range and NaN are left out, and
     * {@code min == max} takes the data's own range. Not differentiable.
     * <pre>{@code
     * Tensor.of(new float[] {1, 2, 1}).histc(4, 0, 3);   // [0, 2, 1, 0]
     * }</pre>
     */
    public Tensor histc(int bins, double min, double max) { return Scans.histc(this, bins, min, max); }

    /** {@code histc(bins)} over the data's own range. */
    public Tensor histc(int bins) { return Scans.histc(this, bins, 0, 0); }

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

    /**
     * The elements sorted along {@code dim} with their int64 positions (PyTorch's {@code torch.sort}, as its
     * {@code stable=True}: equal elements keep their order). NaN sorts as the largest value, -0.0 and 0.0 are
     * equal. The gradient of the values goes back to the positions they came from.
     * <pre>{@code
     * var s = Tensor.of(new float[] {3, 1, 2}).sort(0, false);   // values [1, 2, 3], indices [1, 2, 0]
     * }</pre>
     */
    public ValuesAndIndices sort(int dim, boolean descending) { return Sorting.sort(this, dim, descending); }

    /** Ascending along the last dim. */
    public ValuesAndIndices sort() { return Sorting.sort(this, -1, false); }

    /** PyTorch's {@code sort(dim, descending, stable)}: the sort is always stable, which {@code stable=false} allows. */
    public ValuesAndIndices sort(int dim, boolean descending, boolean stable) { return Sorting.sort(this, dim, descending); }

    /** The positions that sort the elements along {@code dim} (int64; {@code torch.argsort}, stable). */
    public Tensor argsort(int dim, boolean descending) { return Sorting.argsort(this, dim, descending); }

    /** Ascending along the last dim. */
    public Tensor argsort() { return Sorting.argsort(this, -1, false); }

    /** {@code torch.argsort(dim, descending, stable)}: always stable. */
    public Tensor argsort(int dim, boolean descending, boolean stable) { return Sorting.argsort(this, dim, descending); }

    /**
     * The {@code k} largest (or, with {@code largest} false, smallest) elements along {@code dim} with their positions
     * ({@code torch.topk}); NaN counts as the largest. The result is always sorted, which {@code sorted=false}
     * allows; among equal elements the earlier position comes first. Not for bool tensors.
     * <pre>{@code
     * var top = logits.topk(5, -1, true, true);   // top.values(), top.indices()
     * }</pre>
     */
    public ValuesAndIndices topk(int k, int dim, boolean largest, boolean sorted) { return Sorting.topk(this, k, dim, largest); }

    /** The {@code k} largest along the last dim. */
    public ValuesAndIndices topk(int k) { return Sorting.topk(this, k, -1, true); }

    /**
     * The {@code k}-th smallest element along {@code dim} ({@code k} from 1) and its position ({@code torch.kthvalue});
     * of equal elements, the one whose position comes {@code k}-th in a stable sort.
     */
    public ValuesAndIndices kthvalue(int k, int dim, boolean keepDim) { return Sorting.kthvalue(this, k, dim, keepDim); }

    /** Along the last dim. */
    public ValuesAndIndices kthvalue(int k) { return Sorting.kthvalue(this, k, -1, false); }

    /**
     * The lower median of all elements (0-dim; {@code torch.median()}): of an even count, the smaller of the middle
     * two. NaN if any element is NaN; NaN for an empty float tensor. Not for bool tensors.
     */
    public Tensor median() { return Sorting.median(this); }

    /**
     * The lower median along {@code dim} and its position ({@code torch.median(dim, keepdim)}); where a line holds
     * NaN, its first NaN. Of equal elements, the one a stable sort puts in the middle.
     */
    public ValuesAndIndices median(int dim, boolean keepDim) { return Sorting.median(this, dim, keepDim); }

    /**
     * The most frequent value along {@code dim} and the position of its last occurrence ({@code torch.mode}); of
     * equally frequent values the smallest. Each NaN counts as a value of its own.
     * <pre>{@code
     * Tensor.of(new float[] {2, 1, 2, 1, 3}).mode(0, false);   // values 1, indices 3
     * }</pre>
     */
    public ValuesAndIndices mode(int dim, boolean keepDim) { return Sorting.mode(this, dim, keepDim); }

    /** Along the last dim. */
    public ValuesAndIndices mode() { return Sorting.mode(this, -1, false); }

    /** The distinct elements of the flattened tensor, ascending ({@code torch.unique}). No gradient. */
    public Tensor unique() { return Sorting.unique(this, false, false).values(); }

    /**
     * {@code torch.unique(sorted, return_inverse, return_counts)} of the flattened tensor: the distinct elements,
     * ascending (also for {@code sorted=false}, whose order PyTorch leaves open), with, when asked (else null), the
     * inverse (int64, this tensor's shape: each element's position in the values) and the counts (int64). -0.0 and
     * 0.0 are one value (the first in a stable sort stands for it); each NaN is a value of its own, sorted last.
     * No gradient: the values never require grad.
     * <pre>{@code
     * var u = Tensor.of(new long[] {3, 1, 3}).unique(true, true, true);   // [1, 3], inverse [1, 0, 1], counts [1, 2]
     * }</pre>
     */
    public Unique unique(boolean sorted, boolean returnInverse, boolean returnCounts) {
        return Sorting.unique(this, returnInverse, returnCounts);
    }

    /** The result of {@link #unique(boolean, boolean, boolean)}: {@code inverse} and {@code counts} are null unless asked for. */
    public record Unique(Tensor values, Tensor inverse, Tensor counts) {}

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

    // ---- batch normalisation (fused) ----

    /**
     * Batch norm of this {@code [N, C, ...]} tensor with its own batch statistics, as one fused op (PyTorch's
     * {@code torch.native_batch_norm} in training): per channel (dim 1), {@code (x - mean) / sqrt(var + eps) * weight
     * + bias} over every other dim, with the biased variance. {@code weight} and {@code bias} ({@code [C]}, this
     * tensor's dtype) may be null. The statistics come back beside the output, outside the graph, for running
     * averages ({@code nn}'s {@code F.batchNorm} and {@code BatchNorm2d} use it).
     * <pre>{@code
     * Tensor.BatchNorm bn = x.batchNorm(gamma, beta, 1e-5);   // x [64, 32, 28, 28], gamma and beta [32]
     * Tensor y = bn.output();                                  // bn.mean(), bn.var(): [32]
     * }</pre>
     */
    public BatchNorm batchNorm(Tensor weight, Tensor bias, double eps) {
        return BatchNormalization.batchNorm(this, weight, bias, eps);
    }

    /** The result of {@link #batchNorm}: the normalised output and the batch mean and biased variance per channel. */
    public record BatchNorm(Tensor output, Tensor mean, Tensor var) {}

    // ---- transposed convolution ----

    /**
     * Transposed 2-D convolution of this {@code [N, C, H, W]} tensor with {@code weight [C, M/groups, kH, kW]}
     * (PyTorch's {@code F.conv_transpose2d}, same argument order), giving {@code [N, M, H', W']} with
     * {@code H' = (H - 1) stride - 2 padding + dilation (kH - 1) + outputPadding + 1}; {@code bias [M]} may be null.
     * It runs the convolution's input-gradient kernel, and its gradients are convolutions. outputPadding must be
     * smaller than the stride or the dilation.
     * <pre>{@code
     * Tensor up = z.convTranspose2d(w, null, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}, 1, new int[] {1, 1});
     * // [N, 64, 7, 7] with w [64, 32, 4, 4] -> [N, 32, 14, 14]
     * }</pre>
     */
    public Tensor convTranspose2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding, int groups,
                                  int[] dilation) {
        return Convolution.convTranspose2d(this, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** Transposed 2-D convolution with square stride and padding, no output padding or dilation, one group. */
    public Tensor convTranspose2d(Tensor weight, Tensor bias, int stride, int padding) {
        return Convolution.convTranspose2d(this, weight, bias, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {0, 0}, 1, new int[] {1, 1});
    }

    /**
     * Transposed 1-D convolution of this {@code [N, C, L]} tensor with {@code weight [C, M/groups, k]} (PyTorch's
     * {@code F.conv_transpose1d}): {@code L' = (L - 1) stride - 2 padding + dilation (k - 1) + outputPadding + 1}.
     */
    public Tensor convTranspose1d(Tensor weight, Tensor bias, int stride, int padding, int outputPadding, int groups,
                                  int dilation) {
        return Convolution.convTranspose1d(this, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** Max pooling of {@code [N, C, H, W]}; the gradient goes to each window's maximum. */
    public Tensor maxPool2d(int kernel, int stride, int padding) {
        return Pooling.maxPool2dValues(this, new PoolGeometry(kernel, kernel, stride, stride, padding, padding));
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

    // ---- the Heaviside step (classic learners) ----

    /**
     * 0 where {@code x < 0}, 1 where {@code x > 0}, {@code values} (broadcast) where {@code x == 0}, 0 at NaN, as
     * PyTorch's {@code torch.heaviside}; {@code values} must have this tensor's dtype. Its gradient is zero for this
     * tensor and the mask {@code x == 0} for {@code values}.
     * <pre>{@code
     * Tensor y = z.heaviside(Tensor.scalar(0.5));   // [-1, 0, 2] -> [0, 0.5, 1]
     * }</pre>
     */
    public Tensor heaviside(Tensor values) { return Heaviside.heaviside(this, values); }

    /**
     * {@link #heaviside(Tensor)} with the value at zero as a scalar in this tensor's dtype (an integer or bool tensor
     * takes only a value its type holds). The seeds' neuron, which fires when {@code z >= θ}:
     * <pre>{@code
     * Tensor fired = x.matmul(w).sub(theta).heaviside(1);   // 1 at the threshold itself
     * }</pre>
     */
    public Tensor heaviside(double valueAtZero) { return Heaviside.heaviside(this, valueAtZero); }

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
    public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }

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

    // ---- PyTorch's short forms: the defaults its users write first ----

    /** Dims {@code start} to the last into one: {@code x.flatten(1)} turns {@code [N, C, H, W]} into {@code [N, C*H*W]}. */
    public Tensor flatten(int start) { return Views.flatten(this, start, -1); }

    /** Position of the largest element along {@code dim}, which is removed (int64): {@code logits.argmax(1)}. */
    public Tensor argmax(int dim) { return argmax(dim, false); }

    /** Position of the smallest element along {@code dim}, which is removed (int64). */
    public Tensor argmin(int dim) { return argmin(dim, false); }

    /** Max pooling with stride = kernel and no padding, as {@code F.max_pool2d(x, 2)}. */
    public Tensor maxPool2d(int kernel) { return maxPool2d(kernel, kernel, 0); }

    /** Average pooling with stride = kernel and no padding, as {@code F.avg_pool2d(x, 2)}. */
    public Tensor avgPool2d(int kernel) { return avgPool2d(kernel, kernel, 0); }

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

    /** The elements in reverse order along {@code dims} (a copy, as PyTorch's {@code flip}): {@code [[1,2],[3,4]].flip(1)} is {@code [[2,1],[4,3]]}. */
    public Tensor flip(int... dims) { return ShapeOps.flip(this, dims); }

    /**
     * Elements shifted by {@code shifts[i]} along {@code dims[i]}, those pushed off the end coming back at the start
     * (PyTorch's {@code roll}): {@code [1,2,3].roll(new int[] {1}, new int[] {0})} is {@code [3,1,2]}.
     */
    public Tensor roll(int[] shifts, int[] dims) { return ShapeOps.roll(this, shifts, dims); }

    /** {@link #roll(int[], int[])} of the flattened tensor, reshaped back. */
    public Tensor roll(int shift) { return ShapeOps.roll(this, new int[] {shift}, new int[0]); }

    public Tensor roll(int shift, int dim) { return ShapeOps.roll(this, new int[] {shift}, new int[] {dim}); }

    /**
     * The tensor repeated {@code repeats[i]} times along dim {@code i}; extra leading repeats add dims (PyTorch's
     * {@code repeat}, NumPy's {@code tile}): {@code [1,2].repeat(2, 2)} is {@code [[1,2,1,2],[1,2,1,2]]}.
     */
    public Tensor repeat(int... repeats) { return ShapeOps.repeat(this, repeats); }

    /** Like {@link #repeat} but fewer {@code dims} than the tensor has are padded with 1s on the left (PyTorch's {@code tile}). */
    public Tensor tile(int... dims) { return ShapeOps.tile(this, dims); }

    /** Each element of the flattened tensor {@code repeats} times: {@code [1,2].repeatInterleave(2)} is {@code [1,1,2,2]}. */
    public Tensor repeatInterleave(int repeats) { return ShapeOps.repeatInterleave(this, repeats, null); }

    /** Each slice along {@code dim} {@code repeats} times in a row (PyTorch's {@code repeat_interleave}). */
    public Tensor repeatInterleave(int repeats, int dim) { return ShapeOps.repeatInterleave(this, repeats, dim); }

    /** Element {@code i} of the flattened tensor {@code repeats[i]} times ({@code repeats}: integer, 0-dim or 1-dim). */
    public Tensor repeatInterleave(Tensor repeats) { return ShapeOps.repeatInterleave(this, repeats, null); }

    /** Slice {@code i} along {@code dim} {@code repeats[i]} times: {@code [a,b].repeatInterleave(Tensor.of(new long[] {1,2}), 0)} is {@code [a,b,b]}. */
    public Tensor repeatInterleave(Tensor repeats, int dim) { return ShapeOps.repeatInterleave(this, repeats, dim); }

    /** The lower triangle of the last two dims ({@code j - i <= diagonal}), zeros above; batched (PyTorch's {@code tril}). */
    public Tensor tril(int diagonal) { return ShapeOps.triangle(this, diagonal, true); }

    public Tensor tril() { return ShapeOps.triangle(this, 0, true); }

    /** The upper triangle of the last two dims ({@code j - i >= diagonal}), zeros below; batched (PyTorch's {@code triu}). */
    public Tensor triu(int diagonal) { return ShapeOps.triangle(this, diagonal, false); }

    public Tensor triu() { return ShapeOps.triangle(this, 0, false); }

    /**
     * A vector's square matrix with the vector on diagonal {@code offset} (above the main one when positive), or a
     * matrix's diagonal {@code offset} as a new vector (PyTorch's {@code diag}).
     */
    public Tensor diag(int offset) { return ShapeOps.diag(this, offset); }

    public Tensor diag() { return ShapeOps.diag(this, 0); }

    /**
     * The diagonal {@code offset} of the plane of dims {@code dim1, dim2}, as a view whose last dim runs along it
     * (PyTorch's {@code diagonal}): writing into it writes the tensor.
     * <pre>{@code
     * Tensor.eye(3).diagonal(0, 0, 1).fillInPlace(2);   // the identity becomes 2 * identity
     * }</pre>
     */
    public Tensor diagonal(int offset, int dim1, int dim2) { return ShapeOps.diagonal(this, offset, dim1, dim2); }

    /** The main diagonal of dims 0 and 1: {@code diagonal(0, 0, 1)}. */
    public Tensor diagonal() { return ShapeOps.diagonal(this, 0, 0, 1); }

    /**
     * Zeros with the last dim of this tensor written on diagonal {@code offset} of the plane of new dims
     * {@code dim1, dim2} (PyTorch's {@code diag_embed}): a batch of vectors into a batch of diagonal matrices.
     */
    public Tensor diagEmbed(int offset, int dim1, int dim2) { return ShapeOps.diagEmbed(this, offset, dim1, dim2); }

    /** {@code diagEmbed(0, -2, -1)}: {@code [..., n]} into {@code [..., n, n]}. */
    public Tensor diagEmbed() { return ShapeOps.diagEmbed(this, 0, -2, -1); }

    /** The sum of a matrix's main diagonal (integers sum to int64). */
    public Tensor trace() { return ShapeOps.trace(this); }

    /** Dims {@code source[i]} moved to positions {@code destination[i]}, the others keeping their order; a view. */
    public Tensor movedim(int[] source, int[] destination) { return ShapeOps.movedim(this, source, destination); }

    public Tensor movedim(int source, int destination) { return ShapeOps.movedim(this, new int[] {source}, new int[] {destination}); }

    /** {@link #transpose}, under NumPy's name. */
    public Tensor swapaxes(int axis0, int axis1) { return Views.transpose(this, axis0, axis1); }

    /** The slices along {@code dim}, each without that dim, as views. */
    public List<Tensor> unbind(int dim) { return ShapeOps.unbind(this, dim); }

    /** {@link #narrow} copied into new contiguous storage. */
    public Tensor narrowCopy(int dim, int start, int length) { return ShapeOps.narrowCopy(this, dim, start, length); }

    /**
     * Coordinate grids from 0-dim or 1-dim tensors of one dtype, as broadcast views: with {@code "ij"} output
     * {@code k} varies along dim {@code k}; with {@code "xy"} the first two dims are swapped (NumPy's default).
     * <pre>{@code
     * List<Tensor> g = Tensor.meshgrid("ij", Tensor.arange(2), Tensor.arange(3));   // both [2, 3]
     * }</pre>
     */
    public static List<Tensor> meshgrid(String indexing, Tensor... tensors) { return ShapeOps.meshgrid(indexing, List.of(tensors)); }

    public static List<Tensor> meshgrid(String indexing, List<Tensor> tensors) { return ShapeOps.meshgrid(indexing, tensors); }

    /**
     * Windows of {@code size} elements every {@code step} along {@code dim}, as a view with a new last dim of
     * {@code size} (PyTorch's {@code Tensor.unfold}): {@code arange(7).unfold(0, 3, 2)} is
     * {@code [[0,1,2],[2,3,4],[4,5,6]]}. Overlapping windows share elements; their gradients add up.
     */
    public Tensor unfold(int dim, int size, int step) { return ShapeOps.unfold(this, dim, size, step); }

    /**
     * Einstein summation (PyTorch's {@code einsum}): subscripts per operand, {@code ...} for broadcast dims, and
     * after {@code ->} the output (without it: the subscripts seen once, in alphabetical order). A repeated
     * subscript in one operand takes its diagonal; subscripts left out of the output are summed.
     * <pre>{@code
     * Tensor c = Tensor.einsum("bij,bjk->bik", a, b);   // batched matmul
     * Tensor t = Tensor.einsum("ii", m);                 // trace
     * }</pre>
     */
    public static Tensor einsum(String equation, Tensor... operands) { return Einsum.einsum(equation, List.of(operands)); }

    public static Tensor einsum(String equation, List<Tensor> operands) { return Einsum.einsum(equation, operands); }

    /** {@code beta * this + alpha * (m1 @ m2)} for matrices, this broadcast; with {@code beta = 0} this is not read (PyTorch's {@code addmm}). */
    public Tensor addmm(Tensor m1, Tensor m2, double beta, double alpha) { return Products.addmm(this, m1, m2, beta, alpha); }

    public Tensor addmm(Tensor m1, Tensor m2) { return Products.addmm(this, m1, m2, 1, 1); }

    /** {@code beta * this + alpha * bmm(b1, b2)}, this broadcast (PyTorch's {@code baddbmm}). */
    public Tensor baddbmm(Tensor b1, Tensor b2, double beta, double alpha) { return Products.baddbmm(this, b1, b2, beta, alpha); }

    public Tensor baddbmm(Tensor b1, Tensor b2) { return Products.baddbmm(this, b1, b2, 1, 1); }

    /** Batched matrix product of {@code [B, n, m]} and {@code [B, m, p]}; refuses other ranks and unequal batches (see {@link #matmul}). */
    public Tensor bmm(Tensor other) { return Products.bmm(this, other); }

    /**
     * Cross product along the first dim of size 3, PyTorch 1.13's {@code torch.cross} without {@code dim} (deprecated
     * there: prefer {@link #cross(Tensor, int)} or {@link #linalgCross}).
     */
    public Tensor cross(Tensor other) { return Products.cross(this, other, Products.defaultCrossDim(this)); }

    /** Cross product of 3-vectors along {@code dim}, the other dims broadcast. */
    public Tensor cross(Tensor other, int dim) { return Products.cross(this, other, dim); }

    /** Cross product along the last dim ({@code torch.linalg.cross}). */
    public Tensor linalgCross(Tensor other) { return Products.cross(this, other, -1); }

    /**
     * Distances {@code ||x1[..., i, :] - x2[..., j, :]||_p} into {@code [..., P, R]} (PyTorch's {@code cdist};
     * {@code p} = 0, 1, 2, any positive value, or infinity). The gradient is 0 at a zero distance, as in PyTorch.
     */
    public static Tensor cdist(Tensor x1, Tensor x2, double p) { return Distances.cdist(x1, x2, p); }

    /** Euclidean {@link #cdist(Tensor, Tensor, double)}. */
    public static Tensor cdist(Tensor x1, Tensor x2) { return Distances.cdist(x1, x2, 2); }

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

    /** With a Java {@code long}, held exactly (int64 past 2^53 included). */
    public Tensor maskedFill(Tensor mask, long value) { return Indexing.maskedFill(this, mask, value); }

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

    /** With a Java {@code long}, held exactly (int64 past 2^53 included). */
    public Tensor fillInPlace(long value) { return InPlace.fill(this, value); }

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

    /**
     * Calls {@code hook} with this leaf each time a backward pass has added all of its gradient of that pass into
     * {@link #grad()}: the point where the gradient is final for the pass while the rest of backward still runs (data
     * parallel training starts averaging it there). PyTorch: {@code register_post_accumulate_grad_hook}. Closing the
     * returned scope removes the hook. Only {@link #backward()} calls hooks, not {@link Autograd#grad}.
     *
     * <pre>{@code
     * Tensor w = Tensor.randn(3).requiresGrad(true);
     * try (var hook = w.registerPostAccumulateGradHook(t -> System.out.println(t.grad()))) {
     *     w.mul(w).sum().backward();   // prints 2w once
     * }
     * }</pre>
     */
    public Autograd.Scope registerPostAccumulateGradHook(java.util.function.Consumer<Tensor> hook) {
        java.util.Objects.requireNonNull(hook, "hook");
        if (gradFn != null) {
            throw new IllegalStateException("registerPostAccumulateGradHook: the tensor was computed by '" + gradFn.op
                    + "'; only leaves accumulate a gradient");
        }
        synchronized (this) {
            if (postAccumulateGradHooks == null) postAccumulateGradHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
        }
        postAccumulateGradHooks.add(hook);
        return () -> postAccumulateGradHooks.remove(hook);
    }

    boolean hasPostAccumulateGradHooks() {
        var hooks = postAccumulateGradHooks;
        return hooks != null && !hooks.isEmpty();
    }

    void runPostAccumulateGradHooks() {
        var hooks = postAccumulateGradHooks;
        if (hooks != null) for (var hook : hooks) hook.accept(this);
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

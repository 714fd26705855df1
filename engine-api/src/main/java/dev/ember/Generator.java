package dev.ember;

import dev.ember.backend.Backend;
import dev.ember.backend.Backends;
import dev.ember.backend.Distribution;

/**
 * A seeded source of random tensors. Each fill takes the next block of a counter-based stream
 * ({@link dev.ember.backend.CounterRandom}), so the same seed and the same calls give the same numbers on
 * every backend. The default generator starts from a fixed seed, as PyTorch's does.
 *
 * <pre>{@code
 * Generator g = new Generator(42);
 * Tensor w = g.randn(784, 256).mul(0.01);
 * }</pre>
 */
public final class Generator {
    private static final long DEFAULT_SEED = 67280421310721L;
    private static final Generator DEFAULT = new Generator(DEFAULT_SEED);

    private long seed;
    private long counter;
    private final Device device;

    public Generator(long seed) { this(seed, null); }

    /** A generator for tensors on {@code device} (null: the default device at each call). */
    public Generator(long seed, Device device) {
        this.seed = seed;
        this.device = device;
    }

    public static Generator defaultGenerator() { return DEFAULT; }

    public synchronized void manualSeed(long seed) {
        this.seed = seed;
        this.counter = 0;
    }

    public synchronized long seed() { return seed; }

    /** How far into its stream this generator is; with {@link #seed()} it is the whole state (checkpoints save it). */
    public synchronized long offset() { return counter; }

    /** Restores a state read from {@link #seed()} and {@link #offset()}: the same numbers follow. */
    public synchronized void setState(long seed, long offset) {
        if (offset < 0) throw new IllegalArgumentException("generator offset must be >= 0, got " + offset);
        this.seed = seed;
        this.counter = offset;
    }

    /** Uniform on [0, 1), float32. */
    public Tensor rand(int... shape) { return fill(Distribution.UNIFORM, DType.FLOAT32, shape); }

    public Tensor rand(DType dtype, int... shape) { return fill(Distribution.UNIFORM, floating("rand", dtype), shape); }

    /** Standard normal, float32. */
    public Tensor randn(int... shape) { return fill(Distribution.NORMAL, DType.FLOAT32, shape); }

    public Tensor randn(DType dtype, int... shape) { return fill(Distribution.NORMAL, floating("randn", dtype), shape); }

    /** Uniform on [0, 1) with {@code t}'s shape, dtype and device; {@code t} must be floating. */
    public Tensor randLike(Tensor t) { return fill(Distribution.UNIFORM, floating("randLike", t.dtype()), t.shape(), t.backend()); }

    /** Standard normal with {@code t}'s shape, dtype and device; {@code t} must be floating. */
    public Tensor randnLike(Tensor t) { return fill(Distribution.NORMAL, floating("randnLike", t.dtype()), t.shape(), t.backend()); }

    /** Uniform on [0, 1) on {@code device}, whatever device this generator was made for. */
    public Tensor rand(Device device, DType dtype, int... shape) { return fill(Distribution.UNIFORM, floating("rand", dtype), shape, Backends.of(device)); }

    /** Standard normal on {@code device}, whatever device this generator was made for. */
    public Tensor randn(Device device, DType dtype, int... shape) { return fill(Distribution.NORMAL, floating("randn", dtype), shape, Backends.of(device)); }

    /** Uniform on {@code [low, high)}, float32. */
    public Tensor uniform(double low, double high, int... shape) {
        try (var s = Autograd.noGrad()) {
            return rand(shape).mul(high - low).add(low);
        }
    }

    /** Normal with the given mean and standard deviation, float32. */
    public Tensor normal(double mean, double std, int... shape) {
        try (var s = Autograd.noGrad()) {
            return randn(shape).mul(std).add(mean);
        }
    }

    /** Integers uniform on {@code [low, high)}, int64. */
    public Tensor randint(long low, long high, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: need low < high, got [" + low + ", " + high + ")");
        if (high - low < 0) {   // wrapped: the range holds more values than a long counts
            throw new IllegalArgumentException("randint: [" + low + ", " + high + ") holds more than " + Long.MAX_VALUE
                    + " values; use a narrower range");
        }
        try (var s = Autograd.noGrad()) {
            Tensor u = fill(Distribution.UNIFORM, DType.FLOAT64, shape);
            // u*(high-low) >= 0, so the cast's truncation is a floor
            return u.mul((double) (high - low)).to(DType.INT64).add(low);
        }
    }

    /** 1 with probability {@code p[i]}, else 0, in {@code p}'s dtype. */
    public Tensor bernoulli(Tensor p) {
        Ops.requireFloating("bernoulli", p);
        try (var s = Autograd.noGrad()) {
            Tensor u = fill(Distribution.UNIFORM, p.dtype(), p.shape(), p.backend());
            return u.lt(p).to(p.dtype());
        }
    }

    /** 1 with probability {@code p}, else 0, float32. */
    public Tensor bernoulli(double p, int... shape) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        try (var s = Autograd.noGrad()) {
            return rand(shape).lt(p).to(DType.FLOAT32);
        }
    }

    private static DType floating(String op, DType dtype) {
        if (!dtype.isFloating()) throw new IllegalArgumentException(op + ": dtype must be float32 or float64, got " + dtype);
        return dtype;
    }

    private Tensor fill(Distribution d, DType dtype, int[] shape) {
        return fill(d, dtype, shape, Backends.of(device != null ? device : Device.defaultDevice()));
    }

    private Tensor fill(Distribution d, DType dtype, int[] shape, Backend backend) {
        Tensor t = Ops.empty(backend, dtype, shape);
        long start;
        long words = d == Distribution.NORMAL ? 2L * t.numel() : t.numel();
        synchronized (this) {
            start = counter;
            counter += words;
        }
        backend.random(d, seed, start, t.storage(), t.numel());
        return t;
    }
}

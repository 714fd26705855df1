package dev.ember.cpu;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The program {@link JitIndependenceTest} starts in fresh JVMs: it prints one line {@code <phase> <name> <hash>}
 * per op and dtype (a hash of every output bit over a fixed input set with the boundary values mixed in) and per
 * seeded training run (a hash of the weights after a few steps of a small MLP). Phase {@code cold} is the first
 * call of everything; with argument {@code warm} it then calls every op {@link #WARM_CALLS} times, so that C2
 * compiles the kernels, and prints phase {@code warm}.
 */
public final class DeterminismProbe {
    private DeterminismProbe() {}

    /**
     * Calls of each op on rows of {@value #WARM_COLS}: with the iterations of the kernels' loops, these count far
     * past C2's compile thresholds, so the warm phase runs C2-compiled kernels.
     */
    static final int WARM_CALLS = 600;
    static final int WARM_COLS = 1031;

    /** Boundary values of float32 and float64: zeros, subnormals, huge, NaN, infinities, overflow thresholds. */
    private static final double[] SPECIAL = {0.0, -0.0, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40, -3e-39,
        Float.MIN_NORMAL, Double.MIN_VALUE, Double.MIN_NORMAL, -1e-310, 1e-30, 1e-10, -1e-7, 1e-4, 0.5, -0.5, 1, -1, 2,
        Math.PI / 4, Math.PI / 2, Math.PI, -Math.PI, 88.72283, 88.72284, 89, -87.33654, -87.34, -103.97207,
        -103.97208, -104, 709.78, 709.79, -708.4, -745.13, -746, 1e4, -1e5, 1e6, 12582912, 1e10, -3e15, 1e20, 1e30,
        3.4e38, -3.4e38, 1e300, -1e300, Double.MAX_VALUE, Float.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 9.0, 9.1, -9.1, 19.0, 20, -20, 0.55, -0.625, 0.999999, -0.999999, 1.0000001};

    /** Odd lengths so that every kernel runs its full vectors and its tail. */
    private static final int ROWS = 3;
    private static final int COLS = 1367;

    static double[] inputs(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (i % 5) {
                case 0 -> SPECIAL[(i / 5) % SPECIAL.length];
                case 1 -> r.nextDouble(-12, 12);
                case 2 -> r.nextDouble(-120, 120);
                case 3 -> Math.copySign(Math.pow(10, r.nextDouble(-45, 39)), r.nextDouble() - 0.5);
                default -> r.nextDouble(-1.5, 1.5);
            };
        }
        return v;
    }

    private static Tensor tensor(DType dtype, double[] v, int... shape) { return Tensor.of(v, shape).to(dtype); }

    /** Every op whose float kernels are not exact: name to function, applied under {@code noGrad}. */
    static Map<String, UnaryOperator<Tensor>> ops() {
        Map<String, UnaryOperator<Tensor>> ops = new LinkedHashMap<>();
        ops.put("exp", Tensor::exp);
        ops.put("log", Tensor::log);
        ops.put("log1p", Tensor::log1p);
        ops.put("tanh", Tensor::tanh);
        ops.put("sigmoid", Tensor::sigmoid);
        ops.put("sin", Tensor::sin);
        ops.put("cos", Tensor::cos);
        ops.put("elu", t -> t.elu(1.3));
        ops.put("softplus", Tensor::softplus);
        ops.put("rsqrt", Tensor::rsqrt);
        ops.put("leakyRelu", t -> t.leakyRelu(0.1));
        ops.put("pow", t -> t.abs().pow(t.mul(0.01)));
        ops.put("powScalar", t -> t.pow(2.5));
        ops.put("softmax", t -> t.softmax(1));
        ops.put("logSoftmax", t -> t.logSoftmax(1));
        ops.put("softmaxFinite", t -> t.clamp(-50, 50).softmax(1));
        ops.put("logSoftmaxFinite", t -> t.clamp(-50, 50).logSoftmax(1));
        ops.put("sumRows", t -> t.clamp(-1e6, 1e6).sum(1));
        ops.put("sumAll", t -> t.clamp(-1e6, 1e6).sum());
        ops.put("mean", t -> t.clamp(-1e6, 1e6).mean(0));
        ops.put("logsumexp", t -> t.clamp(-50, 50).logsumexp(new int[] {1}, false));
        ops.put("addcmul", t -> t.addcmul(t.add(0.375), t.mul(0.5), -0.75));
        return ops;
    }

    /** Hash of every output bit of every op, per op and dtype, for the fixed inputs. */
    static Map<String, Long> opHashes() {
        Map<String, Long> hashes = new LinkedHashMap<>();
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = tensor(dtype, inputs(11, ROWS * COLS), ROWS, COLS);
            try (var s = Autograd.noGrad()) {
                for (var op : ops().entrySet()) hashes.put(op.getKey() + "." + dtype, hash(op.getValue().apply(x)));
            }
        }
        return hashes;
    }

    /** Each op on a small row, {@code calls} times, so that the JIT compiles every kernel it reaches. */
    static void warmUp(int calls) {
        // Clamped: fdlibm's sin of 1e30 (the lanes past FloatMath.TRIG_LIMIT) is slow, and C2 compiles those
        // rare lanes' path the same way whether or not the warm-up takes it.
        Tensor[] xs = {tensor(DType.FLOAT32, inputs(5, 2 * WARM_COLS), 2, WARM_COLS).clamp(-1e4, 1e4),
            tensor(DType.FLOAT64, inputs(6, 2 * WARM_COLS), 2, WARM_COLS).clamp(-1e4, 1e4)};
        var ops = ops().values();
        try (var s = Autograd.noGrad()) {
            for (int i = 0; i < calls; i++) for (Tensor x : xs) for (var op : ops) op.apply(x).close();
        }
    }

    /**
     * A few SGD steps of a seeded two-layer MLP on random data (tanh and softplus hidden layers, log-softmax
     * cross-entropy), returning a hash of the final weights.
     */
    static long train() {
        Generator g = new Generator(1234);
        Tensor x = g.randn(64, 24);
        Tensor y = g.randint(0, 5, 64);
        Tensor oneHot = Tensor.arange(5).reshape(1, 5).eq(y.reshape(64, 1)).to(DType.FLOAT32);
        Tensor w1 = g.randn(24, 48).mul(0.3).requiresGrad(true);
        Tensor b1 = Tensor.zeros(48).requiresGrad(true);
        Tensor w2 = g.randn(48, 5).mul(0.3).requiresGrad(true);
        Tensor b2 = Tensor.zeros(5).requiresGrad(true);
        for (int step = 0; step < 8; step++) {
            Tensor h = x.matmul(w1).add(b1);
            h = h.tanh().add(h.softplus().mul(0.5)).add(h.sigmoid().mul(0.25));
            Tensor loss = h.matmul(w2).add(b2).logSoftmax(1).mul(oneHot).sum().neg().div(64);
            loss.backward();
            try (var s = Autograd.noGrad()) {
                w1 = w1.sub(w1.grad().mul(0.5)).detach().requiresGrad(true);
                b1 = b1.sub(b1.grad().mul(0.5)).detach().requiresGrad(true);
                w2 = w2.sub(w2.grad().mul(0.5)).detach().requiresGrad(true);
                b2 = b2.sub(b2.grad().mul(0.5)).detach().requiresGrad(true);
            }
        }
        return hash(w1) * 31 + hash(b1) * 17 + hash(w2) * 7 + hash(b2);
    }

    /** Of every bit of every value, NaN aside: all NaNs count as one (their payloads are not part of a result). */
    static long hash(Tensor t) {
        long h = 1125899906842597L;
        if (t.dtype() == DType.FLOAT64) for (double v : t.toDoubleArray()) h = 31 * h + Double.doubleToLongBits(v);
        else for (float v : t.toFloatArray()) h = 31 * h + Float.floatToIntBits(v);
        return h;
    }

    private static void print(String phase) {
        opHashes().forEach((name, h) -> System.out.println(phase + " " + name + " " + Long.toHexString(h)));
    }

    public static void main(String[] args) {
        print("cold");
        System.out.println("cold train " + Long.toHexString(train()));
        if (args.length > 0 && args[0].equals("warm")) {
            for (int run = 1; run <= 3; run++) {
                warmUp(WARM_CALLS / 3);
                System.out.println("warm train" + run + " " + Long.toHexString(train()));
            }
            print("warm");
        }
    }
}

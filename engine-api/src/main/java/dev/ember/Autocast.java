package dev.ember;

import java.util.Map;

/**
 * Automatic mixed precision, PyTorch's {@code torch.autocast(device, dtype)}: inside the scope, the ops of
 * {@link #POLICIES} run in the dtype their policy gives, whatever their inputs' float type, so that a float32 model
 * computes its products in float16 or bfloat16 while the numerically touchy ops stay in float32.
 *
 * <ul>
 *   <li>{@link Policy#LOWER}: matmul, linear, bmm, conv1d, conv2d cast their float32 (and other half) inputs to the
 *       scope's dtype (PyTorch's {@code lower_precision_fp} list); float64 inputs are left alone, as PyTorch's
 *       autocast leaves them.</li>
 *   <li>{@link Policy#FLOAT32}: softmax, log-softmax, sum, mean, exp, log, the norms and the losses cast half inputs
 *       to float32 and give float32 results (PyTorch's {@code fp32} list).</li>
 *   <li>Every other op, binary ones included, takes its inputs as they come and so the widest input type, by the
 *       ordinary promotion rules (PyTorch's {@code promote} behaviour).</li>
 * </ul>
 *
 * The casts are differentiable, so gradients reach float32 master weights in float32. Gradients are computed outside
 * autocast: the backward sweep runs each op's gradient in the dtypes its forward saw. Scopes nest (the innermost
 * wins; {@code Autocast.off()} disables it inside), and are per thread.
 *
 * <pre>{@code
 * try (var amp = Autocast.enable(DType.BFLOAT16)) {
 *     Tensor logits = model.forward(x);              // linear and conv2d in bfloat16
 *     loss = lossFn.apply(logits, y);                // cross-entropy in float32
 * }
 * loss.backward();
 * }</pre>
 */
public final class Autocast implements AutoCloseable {

    /** What an op does with its float inputs inside an autocast scope. */
    public enum Policy {
        /** Runs in the scope's low-precision dtype. */
        LOWER,
        /** Runs in float32. */
        FLOAT32
    }

    /**
     * The op table: every op autocast changes, by the name it has in error messages and {@code Tensor}. Ops not listed
     * run in their inputs' promoted type.
     */
    public static final Map<String, Policy> POLICIES = Map.ofEntries(
            Map.entry("matmul", Policy.LOWER),
            Map.entry("linear", Policy.LOWER),
            Map.entry("bmm", Policy.LOWER),
            Map.entry("conv1d", Policy.LOWER),
            Map.entry("conv2d", Policy.LOWER),
            Map.entry("softmax", Policy.FLOAT32),
            Map.entry("logSoftmax", Policy.FLOAT32),
            Map.entry("sum", Policy.FLOAT32),
            Map.entry("mean", Policy.FLOAT32),
            Map.entry("exp", Policy.FLOAT32),
            Map.entry("log", Policy.FLOAT32),
            Map.entry("layerNorm", Policy.FLOAT32),
            Map.entry("batchNorm", Policy.FLOAT32),
            Map.entry("groupNorm", Policy.FLOAT32),
            Map.entry("loss", Policy.FLOAT32));

    private static final ThreadLocal<DType> CURRENT = new ThreadLocal<>();

    private final DType previous;
    private boolean closed;

    private Autocast(DType dtype) {
        previous = CURRENT.get();
        CURRENT.set(dtype);
    }

    /** Opens a scope in which the {@link Policy#LOWER} ops run in {@code dtype} (float16 or bfloat16). */
    public static Autocast enable(DType dtype) {
        if (!dtype.isHalf()) {
            throw new IllegalArgumentException("Autocast: the low-precision dtype is float16 or bfloat16, not " + dtype);
        }
        return new Autocast(dtype);
    }

    /** Opens a scope with autocast off (PyTorch's {@code autocast(enabled=False)}), for a region that needs float32. */
    public static Autocast off() { return new Autocast(null); }

    /** The dtype of the innermost open scope on this thread, or null when autocast is off. */
    public static DType current() { return CURRENT.get(); }

    /** Restores the scope that was current when this one was opened. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        CURRENT.set(previous);
    }

    /** {@code x} as op {@code op}'s policy wants it in the current scope (itself outside autocast or unlisted ops). */
    public static Tensor cast(String op, Tensor x) {
        DType dtype = CURRENT.get();
        if (dtype == null || x == null) return x;
        Policy p = POLICIES.get(op);
        if (p == null) throw new IllegalArgumentException("Autocast: no policy for op '" + op + "'; see Autocast.POLICIES");
        DType want = p == Policy.LOWER ? dtype : DType.FLOAT32;
        boolean eligible = x.dtype() == DType.FLOAT32 || x.dtype().isHalf();   // float64, integers, bool stay
        return eligible && x.dtype() != want ? x.to(want) : x;
    }
}

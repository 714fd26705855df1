package dev.ember.nn.functional;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Generator;
import dev.ember.Shape;
import dev.ember.Tensor;

/**
 * Scaled dot-product attention, as PyTorch's {@code F.scaled_dot_product_attention}, built from engine ops so it
 * runs (and differentiates) on every backend:
 * {@code softmax(q kᵀ · scale + bias) v} with {@code scale = 1/sqrt(E)} unless given, where {@code bias} is
 * {@code -inf} at positions a boolean mask leaves out (false) or a causal mask hides (a query's later keys), or a
 * float mask's values, which are added.
 *
 * <pre>{@code
 * // q [batch, heads, L, E], k [batch, heads, S, E], v [batch, heads, S, Ev] -> [batch, heads, L, Ev]
 * Tensor out = Attention.scaledDotProductAttention(q, k, v, null, 0.0, true, null);   // causal, no dropout
 * }</pre>
 *
 * <p>Mind the two conventions PyTorch has for a boolean mask: here (as in {@code scaled_dot_product_attention})
 * true means <em>take part</em>; in {@code nn.MultiheadAttention} and the Transformer layers true means
 * <em>masked out</em>. A float mask ({@link #squareSubsequentMask}) means the same in both.
 */
public final class Attention {
    private Attention() {}

    /** No mask, no dropout, the default scale. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v) {
        return scaledDotProductAttention(q, k, v, null, 0.0, false, null);
    }

    /**
     * As PyTorch's {@code F.scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)}.
     *
     * @param mask      null, a bool mask (true: the key takes part) or a float mask added to the scores; it
     *                  broadcasts against {@code [..., L, S]}
     * @param dropoutP  the probability of dropping each attention weight (as PyTorch, applied whenever > 0: pass
     *                  0 at evaluation)
     * @param isCausal  query {@code i} attends to keys {@code 0..i} only (the upper-left triangle when L != S);
     *                  exclusive with {@code mask}
     * @param generator where dropout draws from; null: the default generator
     */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor mask, double dropoutP,
                                                   boolean isCausal, Generator generator) {
        return scaledDotProductAttention(q, k, v, mask, dropoutP, isCausal, Double.NaN, generator);
    }

    /** With an explicit {@code scale} (NaN: {@code 1/sqrt(E)}), as PyTorch 2.1's {@code scale} argument. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor mask, double dropoutP,
                                                   boolean isCausal, double scale, Generator generator) {
        checkValue(q, k, v);
        Tensor weights = attentionWeights(q, k, mask, isCausal, scale);
        return dropout(weights, dropoutP, generator).matmul(v);
    }

    /**
     * The attention weights {@code softmax(q kᵀ · scale + bias)} of shape {@code [..., L, S]}, before dropout;
     * each row sums to 1 (a row that masks out every key is NaN, as in PyTorch).
     */
    public static Tensor attentionWeights(Tensor q, Tensor k, Tensor mask, boolean isCausal, double scale) {
        checkQueryKey(q, k);
        if (isCausal && mask != null) {
            throw new IllegalArgumentException("scaledDotProductAttention: give a mask or isCausal, not both");
        }
        int e = q.size(-1);
        double s = Double.isNaN(scale) ? 1 / Math.sqrt(e) : scale;
        // scaling q (L·E elements) rather than the scores (L·S) is PyTorch's order too
        Tensor scores = q.mul(s).matmul(k.transpose(-2, -1));
        int l = q.size(-2);
        int sLen = k.size(-2);
        if (isCausal) {
            scores = scores.maskedFill(later(l, sLen, q.device()), Double.NEGATIVE_INFINITY);
        } else if (mask != null) {
            checkMask(mask, l, sLen);
            scores = mask.dtype() == DType.BOOL
                    ? scores.maskedFill(mask.logicalNot(), Double.NEGATIVE_INFINITY)
                    : scores.add(mask.dtype() == scores.dtype() ? mask : mask.to(scores.dtype()));
        }
        return scores.softmax(-1);
    }

    /**
     * PyTorch's {@code nn.Transformer.generate_square_subsequent_mask}: float32 {@code [size, size]}, 0 on and
     * below the diagonal, {@code -inf} above, so position {@code i} sees positions {@code 0..i}. Added to the
     * scores, it means the same to {@link #scaledDotProductAttention} and to {@code MultiheadAttention}.
     */
    public static Tensor squareSubsequentMask(int size) {
        return squareSubsequentMask(size, Device.defaultDevice(), DType.FLOAT32);
    }

    public static Tensor squareSubsequentMask(int size, Device device, DType dtype) {
        if (size <= 0) throw new IllegalArgumentException("squareSubsequentMask: size must be positive, got " + size);
        return Tensor.zeros(device, dtype, size, size).maskedFill(later(size, size, device), Double.NEGATIVE_INFINITY);
    }

    /** Bool {@code [l, s]}: true where key {@code j} comes after query {@code i}. */
    private static Tensor later(int l, int s, Device device) {
        Tensor i = Tensor.arange(l).to(device).reshape(l, 1);
        Tensor j = Tensor.arange(s).to(device).reshape(1, s);
        return j.gt(i);
    }

    /**
     * Inverted dropout, as PyTorch's {@code F.dropout(w, p, training=True)}: each element is zeroed with
     * probability {@code p}, the rest scaled by {@code 1/(1-p)}; {@code generator} null: the default one.
     */
    public static Tensor dropout(Tensor w, double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
        if (p == 0) return w;
        if (p == 1) return w.mul(0.0);
        Generator g = generator == null ? Generator.defaultGenerator() : generator;
        return w.mul(g.bernoulli(Tensor.fullLike(w, 1 - p)).mul(1 / (1 - p)));
    }

    private static void checkQueryKey(Tensor q, Tensor k) {
        if (q.rank() < 2 || k.rank() < 2 || q.size(-1) != k.size(-1)) {
            throw new IllegalArgumentException("scaledDotProductAttention: expected query [..., L, E] and key [..., S, E], got "
                    + Shape.str(q.shape()) + " and " + Shape.str(k.shape()));
        }
        if (!q.dtype().isFloating() || q.dtype() != k.dtype()) {
            throw new IllegalArgumentException("scaledDotProductAttention: query and key must have one float dtype, got "
                    + q.dtype() + " and " + k.dtype());
        }
    }

    private static void checkValue(Tensor q, Tensor k, Tensor v) {
        checkQueryKey(q, k);
        if (v.rank() < 2 || v.size(-2) != k.size(-2)) {
            throw new IllegalArgumentException("scaledDotProductAttention: expected value [..., S, Ev] with the key's S = "
                    + k.size(-2) + ", got key " + Shape.str(k.shape()) + " and value " + Shape.str(v.shape()));
        }
        if (v.dtype() != q.dtype()) {
            throw new IllegalArgumentException("scaledDotProductAttention: value must have the query's dtype " + q.dtype()
                    + ", got " + v.dtype());
        }
    }

    private static void checkMask(Tensor mask, int l, int s) {
        int[] m = mask.shape();
        boolean fits = m.length >= 1
                && (m[m.length - 1] == s || m[m.length - 1] == 1)
                && (m.length < 2 || m[m.length - 2] == l || m[m.length - 2] == 1);
        if (!fits) {
            throw new IllegalArgumentException("scaledDotProductAttention: mask of shape " + Shape.str(m)
                    + " does not broadcast to the scores [..., " + l + ", " + s + "]");
        }
        if (mask.dtype() != DType.BOOL && !mask.dtype().isFloating()) {
            throw new IllegalArgumentException("scaledDotProductAttention: mask must be bool or float, got " + mask.dtype());
        }
    }
}

package dev.ember.nn.layers;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;
import dev.ember.nn.functional.Attention;
import dev.ember.nn.init.Init;

import java.util.List;

/**
 * Multi-head attention, as PyTorch's {@code nn.MultiheadAttention}: the query, key and value are projected by one
 * packed {@code in_proj_weight [3E, E]} (rows {@code 0..E} for the query, then key, then value) and
 * {@code in_proj_bias [3E]}, split into {@code numHeads} heads of {@code E / numHeads}, attended by
 * {@link Attention#scaledDotProductAttention}, joined and projected by {@code out_proj} (a {@link Linear}). The
 * state-dict keys and the initialisation are PyTorch's ({@code in_proj_weight} Xavier-uniform, biases zero,
 * {@code out_proj.weight} as a {@code Linear}'s), so a PyTorch state dict loads and gives the same outputs.
 *
 * <p>Inputs are {@code [L, N, E]} (time first, PyTorch's default), {@code [N, L, E]} with {@code batchFirst}, or
 * unbatched {@code [L, E]}. Masks follow {@code nn.MultiheadAttention}: in a bool {@code attnMask}
 * ({@code [L, S]} or {@code [N·numHeads, L, S]}) or {@code keyPaddingMask} ({@code [N, S]}) <em>true means
 * masked out</em>; a float mask is added to the scores ({@link Attention#squareSubsequentMask} for causal
 * attention). Left out for now: {@code kdim}/{@code vdim} other than {@code E}, {@code add_bias_kv},
 * {@code add_zero_attn}.
 *
 * <pre>{@code
 * MultiheadAttention attention = new MultiheadAttention(64, 4, 0.0, true, true, Generator.defaultGenerator());
 * MultiheadAttention.Output r = attention.forward(x, x, x, null, true, Attention.squareSubsequentMask(t), true);
 * // r.output() [N, T, 64], r.weights() [N, T, T] averaged over the heads
 * }</pre>
 */
public final class MultiheadAttention extends Module {
    /** The attended values, and the attention weights when asked for (else null). */
    public record Output(Tensor output, Tensor weights) {}

    private final int embedDim;
    private final int numHeads;
    private final double dropout;
    private final boolean batchFirst;
    private final Generator generator;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear outProj;

    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, 0.0, true, false, Generator.defaultGenerator());
    }

    /**
     * @param dropout    the probability of dropping an attention weight in training
     * @param bias       whether {@code in_proj_bias} and {@code out_proj.bias} exist
     * @param batchFirst inputs and outputs {@code [N, L, E]} rather than {@code [L, N, E]}
     * @param generator  where the initial weights and the dropout masks are drawn from
     */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean batchFirst,
                              Generator generator) {
        Arguments.atLeast("MultiheadAttention", "embedDim", embedDim, 1);
        Arguments.atLeast("MultiheadAttention", "numHeads", numHeads, 1);
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim " + embedDim + " must be divisible by numHeads "
                    + numHeads);
        }
        if (!(dropout >= 0 && dropout <= 1)) throw new IllegalArgumentException("MultiheadAttention: dropout must be in [0, 1], got " + dropout);
        if (generator == null) throw new IllegalArgumentException("MultiheadAttention: generator is null");
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.generator = generator;
        // PyTorch's _reset_parameters: xavier_uniform_(in_proj_weight), zero biases, out_proj.weight as Linear's
        inProjWeight = parameter("in_proj_weight", Init.create(Init.xavierUniform(), generator, 3 * embedDim, embedDim));
        inProjBias = bias ? parameter("in_proj_bias", Init.create(Init.zeros(), generator, 3 * embedDim)) : null;
        outProj = child("out_proj", new Linear(embedDim, embedDim, Init.pytorchDefault(), bias ? Init.zeros() : null, generator));
    }

    /** Self-attention of {@code x} without masks; returns the output only. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, x, x, null, false, null, true).output(); }

    /** Attention without masks; returns the output only. */
    public Tensor forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, null, false, null, true).output();
    }

    /**
     * As PyTorch's {@code forward(query, key, value, key_padding_mask, need_weights, attn_mask,
     * average_attn_weights)}.
     *
     * @param keyPaddingMask null, or {@code [N, S]} ({@code [S]} unbatched): bool true or float {@code -inf} marks a
     *                       key to ignore (padding)
     * @param needWeights    whether to return the attention weights (after dropout, as PyTorch)
     * @param attnMask       null, or {@code [L, S]} or {@code [N·numHeads, L, S]}: bool true masks out, float is added
     * @param averageWeights weights averaged over the heads {@code [N, L, S]}, else per head {@code [N, numHeads, L, S]}
     */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
                          Tensor attnMask, boolean averageWeights) {
        boolean batched = query.rank() == 3;
        Tensor q = toBatchFirst(query, "query", batched);
        Tensor k = toBatchFirst(key, "key", batched);
        Tensor v = toBatchFirst(value, "value", batched);
        int n = q.size(0);
        int l = q.size(1);
        int s = k.size(1);
        if (k.size(0) != n || v.size(0) != n || v.size(1) != s) {
            throw new IllegalArgumentException(describe() + ": key and value must share the query's batch and one length, got query "
                    + Shape.str(query.shape()) + ", key " + Shape.str(key.shape()) + ", value " + Shape.str(value.shape()));
        }
        Tensor[] qkv = project(query, key, value, q, k, v);
        int d = embedDim / numHeads;
        Tensor qh = heads(qkv[0], n, l, d);
        Tensor kh = heads(qkv[1], n, s, d);
        Tensor vh = heads(qkv[2], n, s, d);
        Tensor bias = additiveMask(attnMask, keyPaddingMask, batched, n, l, s, qh.dtype());
        Tensor weights = Attention.attentionWeights(qh, kh, bias, false, Double.NaN);
        if (isTraining()) weights = Attention.dropout(weights, dropout, generator);
        Tensor attended = weights.matmul(vh).transpose(1, 2).reshape(n, l, embedDim);
        Tensor out = outProj.forward(attended);
        out = batched ? (batchFirst ? out : out.transpose(0, 1)) : out.squeeze(0);
        Tensor w = null;
        if (needWeights) {
            w = averageWeights ? weights.mean(1) : weights;
            if (!batched) w = w.squeeze(0);
        }
        return new Output(out, w);
    }

    /** {@code [N, len, E]} whatever the layout given; an unbatched {@code [len, E]} becomes {@code [1, len, E]}. */
    private Tensor toBatchFirst(Tensor x, String what, boolean batched) {
        if (x.rank() != (batched ? 3 : 2) || x.size(-1) != embedDim) {
            String expected = !batched ? "[len, " + embedDim + "]" : batchFirst ? "[N, len, " + embedDim + "]" : "[len, N, " + embedDim + "]";
            throw new IllegalArgumentException(describe() + ": expected " + what + " of shape " + expected + ", got "
                    + Shape.str(x.shape()));
        }
        if (!x.dtype().isFloating() || x.dtype() != inProjWeight.value().dtype()) {
            throw new IllegalArgumentException(describe() + ": expected " + what + " of dtype " + inProjWeight.value().dtype()
                    + ", got " + x.dtype());
        }
        if (!batched) return x.unsqueeze(0);
        return batchFirst ? x : x.transpose(0, 1);
    }

    /** Self-attention (one tensor for all three) takes one GEMM for all projections, as PyTorch does. */
    private Tensor[] project(Tensor query, Tensor key, Tensor value, Tensor q, Tensor k, Tensor v) {
        Tensor w = inProjWeight.value();
        Tensor b = inProjBias == null ? null : inProjBias.value();
        if (query == key && key == value) {
            List<Tensor> parts = linear(q, w, b).chunk(3, -1);
            return new Tensor[] {parts.get(0), parts.get(1), parts.get(2)};
        }
        Tensor[] out = new Tensor[3];
        Tensor[] in = {q, k, v};
        for (int i = 0; i < 3; i++) {
            out[i] = linear(in[i], w.narrow(0, i * embedDim, embedDim), b == null ? null : b.narrow(0, i * embedDim, embedDim));
        }
        return out;
    }

    private static Tensor linear(Tensor x, Tensor w, Tensor b) {
        int[] shape = x.shape();
        shape[shape.length - 1] = w.size(0);
        return x.reshape(-1, x.size(-1)).linear(w, b).reshape(shape);
    }

    /** {@code [N, len, E]} to {@code [N, heads, len, E/heads]}. */
    private Tensor heads(Tensor x, int n, int len, int d) {
        return x.reshape(n, len, numHeads, d).transpose(1, 2);
    }

    /** Both masks as one float tensor that broadcasts to {@code [N, heads, L, S]}, or null. */
    private Tensor additiveMask(Tensor attnMask, Tensor keyPaddingMask, boolean batched, int n, int l, int s, DType dtype) {
        Tensor total = null;
        if (attnMask != null) {
            Tensor m;
            if (attnMask.rank() == 2 && attnMask.size(0) == l && attnMask.size(1) == s) {
                m = attnMask;
            } else if (attnMask.rank() == 3 && attnMask.size(0) == n * numHeads && attnMask.size(1) == l && attnMask.size(2) == s) {
                m = attnMask.reshape(n, numHeads, l, s);
            } else {
                throw new IllegalArgumentException(describe() + ": expected attnMask of shape [" + l + ", " + s + "] or ["
                        + n * numHeads + ", " + l + ", " + s + "], got " + Shape.str(attnMask.shape()));
            }
            total = additive(m, dtype, "attnMask");
        }
        if (keyPaddingMask != null) {
            int[] expected = batched ? new int[] {n, s} : new int[] {s};
            if (!java.util.Arrays.equals(keyPaddingMask.shape(), expected)) {
                throw new IllegalArgumentException(describe() + ": expected keyPaddingMask of shape " + Shape.str(expected)
                        + ", got " + Shape.str(keyPaddingMask.shape()));
            }
            Tensor m = additive(keyPaddingMask.reshape(n, 1, 1, s), dtype, "keyPaddingMask");
            total = total == null ? m : total.add(m);
        }
        return total;
    }

    private Tensor additive(Tensor mask, DType dtype, String what) {
        if (mask.dtype() == DType.BOOL) {
            try (var noGrad = Autograd.noGrad()) {
                return Tensor.zeros(mask.device(), dtype, mask.shape()).maskedFill(mask, Double.NEGATIVE_INFINITY);
            }
        }
        if (!mask.dtype().isFloating()) {
            throw new IllegalArgumentException(describe() + ": " + what + " must be bool or float, got " + mask.dtype());
        }
        return mask.dtype() == dtype ? mask : mask.to(dtype);
    }

    public Parameter inProjWeight() { return inProjWeight; }

    /** Null when built without bias. */
    public Parameter inProjBias() { return inProjBias; }

    public Linear outProj() { return outProj; }

    public int embedDim() { return embedDim; }

    public int numHeads() { return numHeads; }

    public boolean batchFirst() { return batchFirst; }

    @Override
    protected String describe() {
        return "MultiheadAttention(embedDim=" + embedDim + ", numHeads=" + numHeads
                + (dropout != 0 ? ", dropout=" + dropout : "") + (inProjBias == null ? ", bias=false" : "")
                + (batchFirst ? ", batchFirst=true" : "") + ")";
    }

    @Override
    public String toString() { return describe(); }
}
